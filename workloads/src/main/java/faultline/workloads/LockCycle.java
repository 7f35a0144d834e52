package faultline.workloads;

import faultline.checker.lock.LockOps;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The steps of a lock holder that every lock client shares (see {@link LockWorkload}): after an
 * {@code ok} acquire, an {@code add} of the protected counter; after the add, whatever became of
 * it, the {@code release}; then nothing, until the generator's next op.
 */
public final class LockCycle {
  /** The lease a lease-based lock asks for: short, so that a stalled holder outlives it. */
  public static final long LEASE_MS = 1_000;
  /** How long a holder works between reading the counter and writing it back, as real critical sections do. */
  public static final long WORK_MS = 10;

  private LockCycle() {}

  /**
   * The holder's next step.
   *
   * @param addValue the add's value ({@link LockOps}: 1, or a map with its token or {@code with-release})
   * @param releaseValue the release's value, or null
   */
  public static Invocation next(Invocation done, Completion outcome, Object addValue, Object releaseValue) {
    return switch (done.f()) {
      case LockOps.ACQUIRE -> outcome.type() == faultline.checker.history.OpType.OK ? new Invocation(LockOps.ADD, done.key(), addValue) : null;
      case LockOps.ADD -> new Invocation(LockOps.RELEASE, done.key(), releaseValue);
      default -> null;
    };
  }

  /** The holder's next step for a lease lock: its add and release carry its fencing token, when it has one (null: unfenced). */
  public static Invocation next(Invocation done, Completion outcome, Long token) {
    return token == null ? next(done, outcome, 1L, null)
        : next(done, outcome, java.util.Map.of(LockOps.BY, 1L, LockOps.TOKEN, token), java.util.Map.of(LockOps.TOKEN, token));
  }

  /** The holder's work inside its critical section (a short sleep). */
  public static void work() {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WORK_MS));
  }
}
