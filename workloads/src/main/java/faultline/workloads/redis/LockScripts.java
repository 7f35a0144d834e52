package faultline.workloads.redis;

/**
 * The Redis side of a lock and of a fenced counter, as scripts and key names, shared by the lock
 * clients on Redis alone ({@link RedisLockClient}, {@link RedissonLockClient}) and by those that
 * keep the lock in one store and the counter in the other ({@code workloads/crossstore}).
 *
 * <p>Keys share the lock's hash tag ({@code lock:{l0}}, {@code count:{l0}}), so one script may
 * touch several on a cluster.
 */
public final class LockScripts {
  /** SET NX PX, and on success INCR of the token counter; 0 when the lock is held. */
  public static final String ACQUIRE_FENCED = "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then "
      + "return redis.call('incr', KEYS[2]) else return 0 end";
  /** Compare-and-delete: the lock goes only if its value is still the holder's. */
  public static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
  /** A fenced read: {-1, newest} when the token is older than the newest seen, else records it and returns {1, value}. */
  public static final String FENCED_READ = "local t = tonumber(ARGV[1]) local seen = tonumber(redis.call('hget', KEYS[1], 't') or '0') "
      + "if t < seen then return {-1, seen} end redis.call('hset', KEYS[1], 't', t) "
      + "return {1, tonumber(redis.call('hget', KEYS[1], 'v') or '0')}";
  /** A fenced write: {-1, newest} when the token is older than the newest seen, else writes and returns {1, value}. */
  public static final String FENCED_WRITE = "local t = tonumber(ARGV[1]) local seen = tonumber(redis.call('hget', KEYS[1], 't') or '0') "
      + "if t < seen then return {-1, seen} end redis.call('hset', KEYS[1], 't', t, 'v', ARGV[2]) return {1, tonumber(ARGV[2])}";

  private LockScripts() {}

  public static String lockKey(String key) {
    return "lock:{" + key + "}";
  }

  /** The protected counter: a string (GET, SET) unfenced, a hash of its value {@code v} and newest token {@code t} fenced. */
  public static String counterKey(String key) {
    return "count:{" + key + "}";
  }

  public static String tokenKey(String key) {
    return "token:{" + key + "}";
  }
}
