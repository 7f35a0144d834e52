package faultline.environments;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling, the one way faultline waits for a system to reach a state: every wait ends,
 * whether or not the system gets there, so no start, fault or heal can loop forever.
 */
public final class Polling {
  /** Often enough for a local process to be seen the moment it answers. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

  private Polling() {}

  /** True once {@code condition} holds, false if it still does not after {@code timeout} or when interrupted. */
  public static boolean until(Duration timeout, BooleanSupplier condition) {
    return until(timeout, DEFAULT_INTERVAL, condition);
  }

  /** {@link #until(Duration, BooleanSupplier)}, asking every {@code interval}; what the condition throws goes to the caller. */
  public static boolean until(Duration timeout, Duration interval, BooleanSupplier condition) {
    return poll(timeout, interval, condition, false);
  }

  /**
   * As {@link #until(Duration, Duration, BooleanSupplier)}, but a condition that throws counts as
   * "not yet": a node restarting or failing over refuses for a moment, and is asked again.
   */
  public static boolean untilAnswered(Duration timeout, Duration interval, BooleanSupplier condition) {
    return poll(timeout, interval, condition, true);
  }

  private static boolean poll(Duration timeout, Duration interval, BooleanSupplier condition, boolean refusalsAreNotYet) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) return true;
      } catch (RuntimeException e) {
        if (!refusalsAreNotYet) throw e;
      }
      if (System.nanoTime() - end >= 0) return false;
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
