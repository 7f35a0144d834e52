package faultline.environments.local;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls what a test expects to become true (replication is asynchronous), bounded in time. */
final class Eventually {
  private Eventually() {}

  /** The first value {@code probe} yields that {@code accept} takes, or the last one after {@code timeout}. */
  static <T> T poll(Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> accept) {
    long end = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() - end < 0) {
      try {
        last = probe.get();
        if (accept.test(last)) return last;
      } catch (RuntimeException e) {
        // a node restarting or failing over refuses for a moment: try again
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return last;
  }
}
