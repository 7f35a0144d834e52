package faultline.workloads.crossstore;

import static faultline.workloads.crossstore.CrossStoreLockClients.COUNTERS;

import faultline.checker.lock.LockOps;
import faultline.workloads.BothStores;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import faultline.workloads.redis.LockScripts;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Redis lock around a PostgreSQL update: the lock is the Redis documentation's single-instance
 * lock on the Redis node ({@code SET NX PX} with a lease, released by compare-and-delete), and the
 * counter it protects a PostgreSQL row, read by SELECT and written back by UPDATE (each its own
 * transaction), with a pause point between the two. A holder stalled there past its lease writes
 * back what it read before a second holder's increment: PostgreSQL takes both writes, and one
 * increment is lost.
 *
 * <p>Fenced: the acquire takes a token from {@code INCR} in the script that sets the lock, and the
 * row keeps the newest token it has seen; the read records the holder's token and the write is a
 * conditional UPDATE ({@code WHERE token <= mine}), so a stale holder's read or write changes no
 * row and is {@code fail}: refused, nothing written.
 *
 * <p>Exceptions from either store escape: the op is {@code info}.
 */
final class RedisLockPostgresCounterClient implements Client {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BothStores.Pair stores;
  private final Connection db;
  private final RedisCommands<String, String> redis;
  private final boolean fenced;
  /** The value of the lock this process holds (its own), and its token when fenced. */
  private String holding;
  private long token;

  RedisLockPostgresCounterClient(BothStores.Pair stores, boolean fenced) {
    this.stores = stores;
    this.db = stores.database();
    this.redis = stores.redis().sync();
    this.fenced = fenced;
  }

  @Override
  public Completion invoke(Invocation op) throws SQLException {
    return invoke(op, PausePoint.NONE);
  }

  /** The add has a pause point between its SELECT and its UPDATE: a holder stalled there outlives its lease. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) throws SQLException {
    return switch (op.f()) {
      case LockOps.ACQUIRE -> acquire(op.key());
      case LockOps.ADD -> add(op, pause);
      case LockOps.RELEASE -> release(op.key());
      case LockOps.READ -> Completion.ok(value(op.key()));
      default -> throw new IllegalArgumentException("lock has no function " + op.f());
    };
  }

  private Completion acquire(String key) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    String value = HexFormat.of().formatHex(b);
    if (fenced) {
      Long granted = redis.eval(LockScripts.ACQUIRE_FENCED, ScriptOutputType.INTEGER,
          new String[] {LockScripts.lockKey(key), LockScripts.tokenKey(key)}, value, Long.toString(LockCycle.LEASE_MS));
      if (granted == null || granted == 0) return Completion.fail("held by another");
      holding = value;
      token = granted;
      return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS, LockOps.TOKEN, granted));
    }
    if (!"OK".equals(redis.set(LockScripts.lockKey(key), value, SetArgs.Builder.nx().px(LockCycle.LEASE_MS)))) {
      return Completion.fail("held by another");
    }
    holding = value;
    return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS));
  }

  private Completion release(String key) {
    String value = holding;
    holding = null;
    if (value == null) return Completion.fail("not held");
    Long deleted = redis.eval(LockScripts.RELEASE, ScriptOutputType.INTEGER, new String[] {LockScripts.lockKey(key)}, value);
    return deleted != null && deleted == 1 ? Completion.ok(null) : Completion.fail("no longer held: the lease ran out, or another holds it");
  }

  private Completion add(Invocation op, PausePoint pause) throws SQLException {
    String key = op.key();
    if (!fenced) {
      long current = value(key);
      pause.await();
      LockCycle.work();
      try (PreparedStatement s = db.prepareStatement("INSERT INTO " + COUNTERS + " (k, v, token) VALUES (?, ?, 0) "
          + "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
        s.setString(1, key);
        s.setLong(2, current + 1);
        s.executeUpdate();
      }
      return Completion.ok(op.value());
    }
    Long current = fencedRead(key);
    if (current == null) return Completion.fail(stale(key));
    pause.await();
    LockCycle.work();
    try (PreparedStatement s = db.prepareStatement("UPDATE " + COUNTERS + " SET v = ?, token = ? WHERE k = ? AND token <= ?")) {
      s.setLong(1, current + 1);
      s.setLong(2, token);
      s.setString(3, key);
      s.setLong(4, token);
      if (s.executeUpdate() == 0) return Completion.fail(stale(key));
    }
    return Completion.ok(op.value());
  }

  /** The row's value, its newest token now this holder's; null when the row has seen a newer token (refused). */
  private Long fencedRead(String key) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("INSERT INTO " + COUNTERS + " (k, v, token) VALUES (?, 0, ?) "
        + "ON CONFLICT (k) DO UPDATE SET token = EXCLUDED.token WHERE " + COUNTERS + ".token <= EXCLUDED.token RETURNING v")) {
      s.setString(1, key);
      s.setLong(2, token);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  private String stale(String key) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT token FROM " + COUNTERS + " WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return "refused: token " + token + " is older than " + (r.next() ? r.getLong(1) : "?") + ", which the row has seen";
      }
    }
  }

  private long value(String key) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT v FROM " + COUNTERS + " WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    return LockCycle.next(done, outcome, fenced ? (Long) token : null);
  }

  @Override
  public void close() {
    stores.close();
  }
}
