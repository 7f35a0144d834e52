package faultline.nemesis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling: every wait of a nemesis ends, whether or not the system recovers. */
final class Waits {
  private static final long POLL_MILLIS = 100;

  private Waits() {}

  /** True once {@code condition} holds, false after {@code timeout} or when interrupted. */
  static boolean until(Duration timeout, BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) return true;
      } catch (RuntimeException e) {
        // a node restarting or failing over refuses for a moment: ask again
      }
      if (System.nanoTime() - end >= 0) return false;
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
