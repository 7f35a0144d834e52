package faultline.environments.local;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What to undo, most recent first. Every step runs even when an earlier one fails, so a broken
 * node cannot keep the others (or the proxies) alive.
 */
final class Teardown {
  /** One undo step; may throw anything. */
  interface Step {
    void run() throws Exception;
  }

  private final Deque<Step> steps = new ArrayDeque<>();

  synchronized void push(Step step) {
    steps.push(step);
  }

  /** Runs every step once; the first failure is rethrown with the others suppressed. */
  void runAll() {
    RuntimeException failure = null;
    while (true) {
      Step step;
      synchronized (this) {
        step = steps.poll();
      }
      if (step == null) break;
      try {
        step.run();
      } catch (Exception e) {
        if (failure == null) failure = new IllegalStateException("teardown failed: " + e, e);
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }
}
