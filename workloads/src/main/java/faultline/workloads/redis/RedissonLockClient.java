package faultline.workloads.redis;

import faultline.checker.lock.LockOps;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RBucket;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.StringCodec;

/**
 * lock through Redisson, as its users call it: {@code RLock.tryLock()} with the lock watchdog
 * renewing the lease (no lease time given), {@code unlock()} by the thread that locked (Redisson
 * refuses another's: {@code fail}); fenced, {@code RFencedLock.tryLockAndGetToken()}, whose token
 * the counter's scripts check as {@link RedisLockClient}'s do. The protected counter is a key
 * read with GET and written with SET by the holder ({@code RAtomicLong}'s {@code get} and
 * {@code set}), a pause point between the two.
 *
 * <p>Redisson retries nothing here (no retry attempts): a timeout or a lost connection is
 * {@code info}. The worker's thread is the lock's owner, as for an application thread.
 */
final class RedissonLockClient implements Client {
  private static final String READ_FENCED = "return redis.call('hget', KEYS[1], 'v')";

  private final RedissonClient redisson;
  private final boolean fenced;
  private final long opTimeoutMillis;
  private RLock held;
  private long token;

  RedissonLockClient(RedissonClient redisson, boolean fenced, long opTimeoutMillis) {
    this.redisson = redisson;
    this.fenced = fenced;
    this.opTimeoutMillis = opTimeoutMillis;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** The add has a pause point between its read and its write, while the watchdog goes on renewing the lease. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    String key = op.key();
    try {
      return switch (op.f()) {
        case LockOps.ACQUIRE -> acquire(key);
        case LockOps.ADD -> add(op, pause);
        case LockOps.RELEASE -> release();
        case LockOps.READ -> {
          Object v = fenced ? script().eval(RScript.Mode.READ_ONLY, READ_FENCED, RScript.ReturnType.VALUE, List.of(LockScripts.counterKey(key)))
              : redisson.getBucket(LockScripts.counterKey(key), StringCodec.INSTANCE).get();
          yield Completion.ok(v == null ? 0L : Long.parseLong(v.toString()));
        }
        default -> throw new IllegalArgumentException("lock has no function " + op.f());
      };
    } catch (IllegalMonitorStateException e) {
      return Completion.fail("not held by this thread: " + e.getMessage());
    } catch (RedisTimeoutException e) {
      return Completion.info("timeout after " + opTimeoutMillis + " ms");
    }
  }

  private RScript script() {
    return redisson.getScript(StringCodec.INSTANCE);
  }

  private Completion acquire(String key) {
    String name = LockScripts.lockKey(key);
    if (fenced) {
      RFencedLock lock = redisson.getFencedLock(name);
      Long granted = lock.tryLockAndGetToken();
      if (granted == null) return Completion.fail("held by another");
      held = lock;
      token = granted;
      return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS, LockOps.TOKEN, granted, "watchdog", true));
    }
    RLock lock = redisson.getLock(name);
    if (!lock.tryLock()) return Completion.fail("held by another");
    held = lock;
    return Completion.ok(Map.of(LockOps.LEASE_MS, LockCycle.LEASE_MS, "watchdog", true));
  }

  private Completion add(Invocation op, PausePoint pause) {
    String counter = LockScripts.counterKey(op.key());
    if (!fenced) {
      RBucket<Object> bucket = redisson.getBucket(counter, StringCodec.INSTANCE);
      Object v = bucket.get();
      long current = v == null ? 0L : Long.parseLong(v.toString());
      pause.await();
      LockCycle.work();
      bucket.set(Long.toString(current + 1));
      return Completion.ok(op.value());
    }
    List<Object> read = script().eval(RScript.Mode.READ_WRITE, LockScripts.FENCED_READ, RScript.ReturnType.MULTI, List.of(counter),
        Long.toString(token));
    if (((Long) read.get(0)) < 0) return Completion.fail("refused: token " + token + " is older than " + read.get(1));
    pause.await();
    LockCycle.work();
    List<Object> wrote = script().eval(RScript.Mode.READ_WRITE, LockScripts.FENCED_WRITE, RScript.ReturnType.MULTI, List.of(counter),
        Long.toString(token), Long.toString((Long) read.get(1) + 1));
    if (((Long) wrote.get(0)) < 0) return Completion.fail("refused: token " + token + " is older than " + wrote.get(1));
    return Completion.ok(op.value());
  }

  private Completion release() {
    RLock lock = held;
    held = null;
    if (lock == null) return Completion.fail("not held");
    lock.unlock(); // IllegalMonitorStateException when no longer this thread's
    return Completion.ok(null);
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    return LockCycle.next(done, outcome, fenced ? (Long) token : null);
  }

  /** Shuts this process's Redisson down: its watchdog stops, and a lock it held runs out with its lease. */
  @Override
  public void close() {
    redisson.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
