package faultline.environments.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition until it holds or time runs out. Every wait of this package goes through
 * here, so none can loop forever.
 */
final class Deadline {
  private static final long POLL_MILLIS = 20;

  private Deadline() {}

  /** True once {@code condition} holds, false if it still does not after {@code timeout}. */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    return await(timeout, Duration.ofMillis(POLL_MILLIS), condition);
  }

  /** {@link #await(Duration, BooleanSupplier)}, polling every {@code interval}. */
  static boolean await(Duration timeout, Duration interval, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (condition.getAsBoolean()) return true;
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
