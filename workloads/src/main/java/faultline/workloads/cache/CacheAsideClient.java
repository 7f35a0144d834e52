package faultline.workloads.cache;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One process of an application that keeps a Redis cache in front of a PostgreSQL table, as the
 * register workload's {@code read} and {@code write}:
 *
 * <ul>
 *   <li>read: the cache's entry if there is one; else the row (nil when there is none), then the
 *       entry is filled with it. The {@link PausePoint} is between the SELECT and the fill: a
 *       process stalled there fills, when it resumes, what the row held before any write made
 *       meanwhile, and (common, delete-first) that stale entry stays until the next write;
 *   <li>write: the row (an upsert that bumps its version), and the entry deleted after it
 *       (common) or before it (delete-first); versioned, the entry is replaced by a tombstone
 *       carrying the row's new version, and a fill older than the cache's version is refused.
 * </ul>
 *
 * <p>An exception from either store escapes, and the op is {@code info}: a write may have reached
 * the table without the entry being deleted, and a read has no value to give.
 */
final class CacheAsideClient implements Client {
  /** Fills unless the cache has seen a newer version (a newer fill, or a write's tombstone). */
  static final String VERSIONED_FILL = "local cur = tonumber(redis.call('hget', KEYS[1], 'ver') or '-1') "
      + "if tonumber(ARGV[2]) < cur then return 0 end redis.call('hset', KEYS[1], 'ver', ARGV[2], 'v', ARGV[1]) return 1";
  /** A write's invalidation: the entry becomes a tombstone of the row's new version, unless the cache has that one already. */
  static final String VERSIONED_INVALIDATE = "local cur = tonumber(redis.call('hget', KEYS[1], 'ver') or '-1') "
      + "if tonumber(ARGV[1]) <= cur then return 0 end redis.call('del', KEYS[1]) redis.call('hset', KEYS[1], 'ver', ARGV[1]) return 1";

  private final CacheAsideVariant variant;
  private final Connection db;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> cache;

  CacheAsideClient(CacheAsideVariant variant, Connection db, StatefulRedisConnection<String, String> connection) {
    this.variant = variant;
    this.db = db;
    this.connection = connection;
    this.cache = connection.sync();
  }

  static String entry(String key) {
    return "cache:" + key;
  }

  @Override
  public Completion invoke(Invocation op) throws SQLException {
    return invoke(op, PausePoint.NONE);
  }

  @Override
  public Completion invoke(Invocation op, PausePoint pause) throws SQLException {
    return switch (op.f()) {
      case "read" -> Completion.ok(read(op.key(), pause));
      case "write" -> {
        write(op.key(), ((Number) op.value()).longValue());
        yield Completion.ok(op.value());
      }
      default -> throw new IllegalArgumentException("cache-aside has no function " + op.f());
    };
  }

  private Long read(String key, PausePoint pause) throws SQLException {
    String entry = entry(key);
    String cached = variant == CacheAsideVariant.VERSIONED
        ? cache.hmget(entry, "v").stream().findFirst().filter(KeyValue::hasValue).map(KeyValue::getValue).orElse(null)
        : cache.get(entry);
    if (cached != null) return Long.parseLong(cached);
    long[] row = select(key);
    if (row == null) return null; // nothing to cache
    pause.await(); // a stall here outlives a write, and what we fill is what the row held before it
    if (variant == CacheAsideVariant.VERSIONED) {
      cache.eval(VERSIONED_FILL, ScriptOutputType.INTEGER, new String[] {entry}, Long.toString(row[0]), Long.toString(row[1]));
    } else {
      cache.set(entry, Long.toString(row[0]));
    }
    return row[0];
  }

  /** The row's value and version, or null when there is none. */
  private long[] select(String key) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("SELECT value, version FROM " + CacheAsideClients.TABLE + " WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new long[] {r.getLong(1), r.getLong(2)} : null;
      }
    }
  }

  private void write(String key, long value) throws SQLException {
    String entry = entry(key);
    if (variant == CacheAsideVariant.DELETE_FIRST) cache.del(entry);
    long version = upsert(key, value);
    switch (variant) {
      case COMMON -> cache.del(entry);
      case VERSIONED -> cache.eval(VERSIONED_INVALIDATE, ScriptOutputType.INTEGER, new String[] {entry}, Long.toString(version));
      case DELETE_FIRST -> {}
    }
  }

  /** Writes the row and returns its new version. */
  private long upsert(String key, long value) throws SQLException {
    try (PreparedStatement s = db.prepareStatement("INSERT INTO " + CacheAsideClients.TABLE + " (key, value, version) VALUES (?, ?, 1) "
        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = " + CacheAsideClients.TABLE + ".version + 1 RETURNING version")) {
      s.setString(1, key);
      s.setLong(2, value);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  @Override
  public void close() {
    connection.close();
    try {
      db.close();
    } catch (SQLException e) {
      // closing a broken connection: nothing left to release
    }
  }
}
