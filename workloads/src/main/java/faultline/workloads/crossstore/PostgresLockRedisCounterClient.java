package faultline.workloads.crossstore;

import static faultline.workloads.crossstore.CrossStoreLockClients.TOKENS;

import faultline.checker.lock.LockOps;
import faultline.workloads.BothStores;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import faultline.workloads.redis.LockScripts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL lock around a Redis update: a session-level {@code pg_try_advisory_lock} on the
 * process's own connection, released by {@code pg_advisory_unlock}, and the counter it protects a
 * Redis key, read by GET and written back by SET, with a pause point between the two. Unlike
 * {@code pg-advisory}, the protected writes do not go through the session that holds the lock:
 * the server releases the lock when the session ends (a connection reset, a terminated backend),
 * and the holder, busy with Redis, does not know.
 *
 * <p>Fenced: the acquire takes a token from a PostgreSQL sequence in the statement that takes the
 * lock (only grants take one), and the counter is a hash of its value and the newest token seen,
 * read and written by {@link LockScripts}' scripts, which refuse an older token ({@code fail}).
 *
 * <p>Exceptions from either store escape: the op is {@code info}.
 */
final class PostgresLockRedisCounterClient implements Client {
  private final BothStores.Pair stores;
  private final Connection db;
  private final RedisCommands<String, String> redis;
  private final boolean fenced;
  private long token;

  PostgresLockRedisCounterClient(BothStores.Pair stores, boolean fenced) {
    this.stores = stores;
    this.db = stores.database();
    this.redis = stores.redis().sync();
    this.fenced = fenced;
  }

  @Override
  public Completion invoke(Invocation op) throws SQLException {
    return invoke(op, PausePoint.NONE);
  }

  /** The add has a pause point between its GET and its SET, while the session keeps the lock. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) throws SQLException {
    return switch (op.f()) {
      case LockOps.ACQUIRE -> acquire(op.key());
      case LockOps.ADD -> add(op, pause);
      case LockOps.RELEASE -> release(op.key());
      case LockOps.READ -> {
        String counter = LockScripts.counterKey(op.key());
        String v = fenced ? redis.hget(counter, "v") : redis.get(counter);
        yield Completion.ok(v == null ? 0L : Long.parseLong(v));
      }
      default -> throw new IllegalArgumentException("lock has no function " + op.f());
    };
  }

  /** The lock, and when fenced a token from the sequence in the same statement: 0 when the lock is held. */
  private Completion acquire(String key) throws SQLException {
    String sql = fenced ? "SELECT CASE WHEN pg_try_advisory_lock(hashtext(?)) THEN nextval('" + TOKENS + "') ELSE 0 END"
        : "SELECT CASE WHEN pg_try_advisory_lock(hashtext(?)) THEN 1 ELSE 0 END";
    long granted;
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        granted = r.getLong(1);
      }
    }
    if (granted == 0) return Completion.fail("held by another");
    if (!fenced) return Completion.ok(null); // a session lock: no lease
    token = granted;
    return Completion.ok(Map.of(LockOps.TOKEN, granted));
  }

  private Completion release(String key) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1) ? Completion.ok(null) : Completion.fail("not held by this session");
      }
    }
  }

  private Completion add(Invocation op, PausePoint pause) {
    String counter = LockScripts.counterKey(op.key());
    if (!fenced) {
      String v = redis.get(counter);
      long current = v == null ? 0L : Long.parseLong(v);
      pause.await();
      LockCycle.work();
      redis.set(counter, Long.toString(current + 1));
      return Completion.ok(op.value());
    }
    String[] keys = {counter};
    List<Object> read = redis.eval(LockScripts.FENCED_READ, ScriptOutputType.MULTI, keys, Long.toString(token));
    if (((Long) read.get(0)) < 0) return Completion.fail(stale(read.get(1)));
    pause.await();
    LockCycle.work();
    List<Object> wrote = redis.eval(LockScripts.FENCED_WRITE, ScriptOutputType.MULTI, keys, Long.toString(token),
        Long.toString((Long) read.get(1) + 1));
    if (((Long) wrote.get(0)) < 0) return Completion.fail(stale(wrote.get(1)));
    return Completion.ok(op.value());
  }

  private String stale(Object newest) {
    return "refused: token " + token + " is older than " + newest + ", which the counter has seen";
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    return LockCycle.next(done, outcome, fenced ? (Long) token : null);
  }

  /** Ends the session: its advisory locks go with it. */
  @Override
  public void close() {
    stores.close();
  }
}
