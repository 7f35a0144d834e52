package faultline.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A one-line progress display on stderr for long work: silent for the first two seconds (short
 * runs print nothing), then redrawn twice a second, and erased when done. Only when stderr is a
 * terminal ({@link Terminal}), so logs and pipes stay clean.
 */
final class ProgressLine implements AutoCloseable {
  private static final long QUIET_MILLIS = 2000;
  private static final long EVERY_MILLIS = 500;

  private final PrintStream err;
  private final Supplier<String> status;
  private final Thread painter;
  private volatile boolean done;
  private boolean painted;

  private ProgressLine(PrintStream err, Supplier<String> status) {
    this.err = err;
    this.status = status;
    this.painter = Thread.ofPlatform().daemon().name("faultline-progress").unstarted(this::paint);
  }

  /** Starts showing {@code status} unless {@code quiet} or stderr is not a terminal. */
  static ProgressLine start(boolean quiet, Supplier<String> status) {
    ProgressLine line = new ProgressLine(System.err, status);
    if (!quiet && Terminal.stderrIsTerminal()) line.painter.start();
    return line;
  }

  private void paint() {
    long start = System.currentTimeMillis();
    try {
      Thread.sleep(QUIET_MILLIS);
      while (!done) {
        double elapsed = (System.currentTimeMillis() - start) / 1000.0;
        synchronized (this) {
          if (done) break;
          err.print("\r\033[K" + status.get() + String.format(", %.1f s", elapsed));
          err.flush();
          painted = true;
        }
        Thread.sleep(EVERY_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    done = true;
    painter.interrupt();
    if (painted) {
      err.print("\r\033[K");
      err.flush();
    }
  }
}
