package faultline.workloads.postgres;

import faultline.checker.lock.LockOps;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * lock on PostgreSQL, on the one connection (session) a process holds for its life:
 *
 * <ul>
 *   <li>advisory ({@code pg-advisory}): {@code pg_try_advisory_lock} at session level, released by
 *       {@code pg_advisory_unlock}; the holder's read-modify-write of the counter (SELECT, then an
 *       upsert of the sum, each committed) runs on the same session, so a lost connection ends
 *       both the lock and the holder's writes: the server releases the lock, and the checker counts
 *       that as a release.
 *   <li>row lock ({@code pg-row-lock}): {@code SELECT ... FOR UPDATE NOWAIT} of the lock's row
 *       opens a transaction that holds it (a held row is SQLSTATE 55P03: {@code fail}); the
 *       holder's read-modify-write runs in that transaction, and the release is its COMMIT, so the
 *       add takes effect with the release ({@code with-release}).
 * </ul>
 *
 * <p>The connection is evicted from its pool when the client closes, so a session lock or an open
 * transaction never outlives its process.
 */
final class PostgresLockClient implements Client {
  static final String TABLE = "CREATE TABLE IF NOT EXISTS lock_rows (k text PRIMARY KEY)";

  private final PostgresConnections.Pooled session;
  private final boolean rowLock;
  private final long opTimeoutMillis;

  PostgresLockClient(PostgresConnections pg, boolean rowLock) {
    this.session = pg.session();
    this.rowLock = rowLock;
    this.opTimeoutMillis = pg.opTimeoutMillis();
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** The add has a pause point between its read and its write, while the lock is held. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    Connection c = session.connection();
    try {
      Completion done = switch (op.f()) {
        case LockOps.ACQUIRE -> rowLock ? lockRow(c, op.key()) : advisory(c, "SELECT pg_try_advisory_lock(hashtext(?))", op.key(), "held by another");
        case LockOps.ADD -> add(c, op, pause);
        case LockOps.RELEASE -> {
          if (rowLock) {
            c.commit();
            yield Completion.ok(null);
          }
          yield advisory(c, "SELECT pg_advisory_unlock(hashtext(?))", op.key(), "not held by this session");
        }
        case LockOps.READ -> {
          long v = select(c, op.key());
          c.commit();
          yield Completion.ok(v);
        }
        default -> throw new IllegalArgumentException("lock has no function " + op.f());
      };
      return done.servedBy(session.server());
    } catch (SQLException e) {
      Completion outcome = SqlOutcomes.of(e, opTimeoutMillis);
      try {
        c.rollback(); // a row lock's transaction ends here: released
      } catch (SQLException rollbackFailed) {
        // The connection is gone; the process retires (info) or the next op fails on it.
      }
      return outcome.servedBy(session.server());
    }
  }

  /** A session-level advisory function of the key's hash that returns whether it did anything. */
  private static Completion advisory(Connection c, String sql, String key, String notDone) throws SQLException {
    boolean done;
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        done = r.getBoolean(1);
      }
    }
    c.commit(); // the lock is the session's, not the transaction's
    return done ? Completion.ok(null) : Completion.fail(notDone);
  }

  /** Opens the transaction that holds the key's row, made first if missing; a held row is 55P03 ({@code fail}). */
  private static Completion lockRow(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO lock_rows (k) VALUES (?) ON CONFLICT DO NOTHING")) {
      s.setString(1, key);
      s.executeUpdate();
    }
    c.commit();
    try (PreparedStatement s = c.prepareStatement("SELECT k FROM lock_rows WHERE k = ? FOR UPDATE NOWAIT")) {
      s.setString(1, key);
      s.executeQuery().close();
    }
    return Completion.ok(null); // held until this transaction ends
  }

  private Completion add(Connection c, Invocation op, PausePoint pause) throws SQLException {
    long current = select(c, op.key());
    pause.await();
    LockCycle.work();
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO counters (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
      s.setString(1, op.key());
      s.setLong(2, current + 1);
      s.executeUpdate();
    }
    if (!rowLock) c.commit(); // a row lock's add commits with its release
    return Completion.ok(op.value());
  }

  private static long select(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT v FROM counters WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    Object add = rowLock ? Map.of(LockOps.BY, 1L, LockOps.WITH_RELEASE, true) : (Object) 1L;
    return LockCycle.next(done, outcome, add, null);
  }

  /** Ends the session: its advisory locks and any open transaction go with it. */
  @Override
  public void close() {
    session.evict();
  }

  static void setup(Statement s) throws SQLException {
    s.execute(TABLE);
  }
}
