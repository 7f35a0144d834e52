package faultline.environments.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What to undo, most recent first. Every step runs even when an earlier one fails, so a broken
 * node cannot keep the others (or the proxies) alive.
 */
public final class Teardown {
  /** One undo step; may throw anything. */
  public interface Step {
    void run() throws Exception;
  }

  private final Deque<Step> steps = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread exitHook;

  /**
   * Runs the steps at JVM exit too (Ctrl-C, SIGTERM) unless {@link #closeOnce} ran first. At exit
   * nobody catches what fails: it is printed, on the one stream left, naming {@code what}.
   */
  public synchronized void atExit(Supplier<String> what) {
    exitHook = new Thread(() -> {
      try {
        closeOnce();
      } catch (RuntimeException e) {
        System.err.println("faultline: teardown of " + what.get() + " incomplete: " + e.getMessage());
        for (Throwable more : e.getSuppressed()) System.err.println("  also: " + more);
      }
    }, "faultline-environment-teardown");
    Runtime.getRuntime().addShutdownHook(exitHook);
  }

  /** {@link #runAll}, the first time only; then the exit hook has nothing left to do and goes. */
  public void closeOnce() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      runAll();
    } finally {
      Thread hook;
      synchronized (this) {
        hook = exitHook;
      }
      if (hook != null && Thread.currentThread() != hook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is exiting; the hook is running or about to, and closeOnce() is idempotent.
        }
      }
    }
  }

  public synchronized void push(Step step) {
    steps.push(step);
  }

  /** Runs every step once; the first failure is rethrown with the others suppressed. */
  public void runAll() {
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
