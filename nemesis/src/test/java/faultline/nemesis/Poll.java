package faultline.nemesis;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls what a test expects to become true (replication, failover), bounded in time. */
final class Poll {
  private Poll() {}

  /** The first value that {@code accept} takes, or the last one seen (null if every try failed). */
  static <T> T until(Duration timeout, Callable<T> probe, Predicate<T> accept) {
    long end = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (true) {
      try {
        last = probe.call();
        if (accept.test(last)) return last;
      } catch (Exception e) {
        // refused for a moment while a node restarts or fails over
      }
      if (System.nanoTime() - end >= 0) return last;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }
  }

  /** Milliseconds {@code work} takes. */
  static long millis(Callable<?> work) throws Exception {
    long start = System.nanoTime();
    work.call();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
