package faultline.workloads.redis;

import static faultline.workloads.redis.LockScripts.ACQUIRE_FENCED;
import static faultline.workloads.redis.LockScripts.FENCED_READ;
import static faultline.workloads.redis.LockScripts.FENCED_WRITE;
import static faultline.workloads.redis.LockScripts.RELEASE;
import static faultline.workloads.redis.LockScripts.counterKey;
import static faultline.workloads.redis.LockScripts.lockKey;
import static faultline.workloads.redis.LockScripts.tokenKey;

import faultline.checker.lock.LockOps;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * lock on Redis, as the Redis documentation's single-instance lock: {@code SET lock NX PX ttl}
 * with a value of the holder's own, released by a compare-and-delete script (delete only if the
 * value is still mine). The protected counter is another key, read with GET and written back with
 * SET by the holder; a lease that runs out while the holder is stalled between the two lets a
 * second holder in, and one of their increments is lost.
 *
 * <p>Fenced: the acquire also takes a token from {@code INCR} (in the same script as the SET, so
 * only grants take tokens), and the counter is a hash of the value and the newest token seen, read
 * and written by scripts that refuse a token older than the newest (the read records the token, so
 * an older holder can no longer write over what a newer one read). The refused write is
 * {@code fail}: nothing was written.
 *
 * <p>Its scripts and keys are {@link LockScripts}'.
 */
final class RedisLockClient implements Client {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RedisConnections redis;
  private final boolean fenced;
  /** The value of the lock this process holds (its own), and its token when fenced. */
  private String holding;
  private long token;

  RedisLockClient(RedisConnections redis, boolean fenced) {
    this.redis = redis;
    this.fenced = fenced;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** The add has a pause point between its read and its write: a holder stalled there outlives its lease. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return redis.attempt(() -> switch (op.f()) {
      case LockOps.ACQUIRE -> acquire(op.key());
      case LockOps.ADD -> add(op, pause);
      case LockOps.RELEASE -> release(op.key());
      case LockOps.READ -> {
        RedisCommands<String, String> cmd = redis.reads(op.key());
        String v = fenced ? cmd.hget(counterKey(op.key()), "v") : cmd.get(counterKey(op.key()));
        yield Completion.ok(v == null ? 0L : Long.parseLong(v));
      }
      default -> throw new IllegalArgumentException("lock has no function " + op.f());
    });
  }

  private Completion acquire(String key) {
    String value = HexFormat.of().formatHex(randomBytes());
    RedisCommands<String, String> cmd = redis.writes(key);
    if (fenced) {
      Long granted = cmd.eval(ACQUIRE_FENCED, ScriptOutputType.INTEGER, new String[] {lockKey(key), tokenKey(key)}, value,
          Long.toString(LockCycle.LEASE_MS));
      if (granted == null || granted == 0) return Completion.fail("held by another");
      holding = value;
      token = granted;
      return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS, LockOps.TOKEN, granted));
    }
    String reply = cmd.set(lockKey(key), value, SetArgs.Builder.nx().px(LockCycle.LEASE_MS));
    if (!"OK".equals(reply)) return Completion.fail("held by another");
    holding = value;
    return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS));
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }

  private Completion add(Invocation op, PausePoint pause) {
    String key = op.key();
    RedisCommands<String, String> cmd = redis.writes(key);
    if (!fenced) {
      String v = cmd.get(counterKey(key));
      long current = v == null ? 0L : Long.parseLong(v);
      pause.await();
      LockCycle.work();
      cmd.set(counterKey(key), Long.toString(current + 1));
      return Completion.ok(op.value());
    }
    String[] keys = {counterKey(key)};
    List<Object> read = cmd.eval(FENCED_READ, ScriptOutputType.MULTI, keys, Long.toString(token));
    if (((Long) read.get(0)) < 0) return Completion.fail(stale(read.get(1)));
    pause.await();
    LockCycle.work();
    List<Object> wrote = cmd.eval(FENCED_WRITE, ScriptOutputType.MULTI, keys, Long.toString(token), Long.toString((Long) read.get(1) + 1));
    if (((Long) wrote.get(0)) < 0) return Completion.fail(stale(wrote.get(1)));
    return Completion.ok(op.value());
  }

  private String stale(Object newest) {
    return "refused: token " + token + " is older than " + newest + ", which the resource has seen";
  }

  private Completion release(String key) {
    String value = holding;
    holding = null;
    if (value == null) return Completion.fail("not held");
    Long deleted = redis.writes(key).eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lockKey(key)}, value);
    return deleted != null && deleted == 1 ? Completion.ok(null) : Completion.fail("no longer held: the lease ran out, or another holds it");
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    return LockCycle.next(done, outcome, fenced ? (Long) token : null);
  }

  @Override
  public void close() {
    redis.close();
  }
}
