package faultline.workloads;

import faultline.checker.model.Models;
import faultline.checker.Checker;
import faultline.checker.lock.LockOps;
import faultline.workloads.crossstore.CrossStoreLockVariant;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.postgres.ShedLockVariant;
import faultline.workloads.redis.RedisVariant;
import faultline.workloads.redis.RedissonVariant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A lock per key, and the counter it protects. The generator asks for {@code acquire} (a
 * try-lock) and now and then a {@code read} of the counter; a process that acquired runs its
 * critical section at once ({@link Client#next}): an {@code add}, a read-modify-write of the
 * counter with a pause point between the read and the write (where {@code client-pause} stalls a
 * holder past its lease), then a {@code release}. The ops' values are {@link LockOps}'.
 *
 * <p>The counter is beside the lock, in the same store, or, with the cross-store clients ({@link
 * CrossStoreLockVariant}, on the {@code cache-aside} topology), in the other store: a Redis lock
 * around a PostgreSQL row, a PostgreSQL lock around a Redis key.
 *
 * <p>Unfenced, the checks are the lock's own history as a {@code mutex} and the protected counter
 * (a lost update means exclusion failed). Fenced ({@code fenced-lock}: each acquire gets a token,
 * and the resource refuses writes with a token older than one it has seen), two holders at once
 * are expected when a lease runs out under a stalled holder, and what matters is that nothing
 * protected is lost: the checks are the protected counter and {@code fencing}, which counts the
 * two-holder moments and the refused stale writes.
 */
public final class LockWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("lock")
      .shows("a lock per key (acquire, release) whose holder increments a counter, beside it or in the other store: the lock's "
          + "history as a mutex, and no increment of the counter lost")
      .option("--keys", "locks in use at once")
      .option("--ops-per-key", "ops per lock before a fresh one (the scenarios keep theirs all run long)")
      .make(settings -> new LockWorkload(false))
      .clients(RedisVariant.SET_NX, RedissonVariant.LOCK, PostgresVariant.ADVISORY_LOCK, PostgresVariant.ROW_LOCK,
          ShedLockVariant.JDBC, CrossStoreLockVariant.REDIS_LOCK_PG_COUNTER, CrossStoreLockVariant.PG_LOCK_REDIS_COUNTER)
      .build();

  /** The same with fencing tokens, checked by the counter: two holders at once are expected, a lost increment is not. */
  public static final WorkloadKind FENCED = WorkloadKind.named("fenced-lock")
      .shows("the lock with fencing tokens the counter checks: no increment lost, and no write accepted with a token older than "
          + "one accepted before")
      .option("--keys", "locks in use at once")
      .option("--ops-per-key", "ops per lock before a fresh one (the scenarios keep theirs all run long)")
      .make(settings -> new LockWorkload(true))
      .clients(RedisVariant.SET_NX_FENCED, RedissonVariant.FENCED_LOCK, CrossStoreLockVariant.PG_LOCK_REDIS_COUNTER_FENCED,
          CrossStoreLockVariant.REDIS_LOCK_PG_COUNTER_FENCED)
      .build();

  /** How often (in ten) the generator reads the counter rather than trying to acquire. */
  private static final int READS_IN_TEN = 2;

  private final boolean fenced;

  public LockWorkload(boolean fenced) {
    this.fenced = fenced;
  }

  @Override
  public String name() {
    return (fenced ? FENCED : KIND).name();
  }

  @Override
  public String keyPrefix() {
    return "l";
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    // Declared once, so faultline check judges its history alike.
    return (fenced ? Models.FENCED_LOCK : Models.LOCK).checkers();
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      @Override
      public Invocation next(SplittableRandom random) {
        return random.nextInt(10) < READS_IN_TEN ? new Invocation(LockOps.READ, key, null) : new Invocation(LockOps.ACQUIRE, key, null);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation(LockOps.READ, key, null);
      }
    };
  }
}
