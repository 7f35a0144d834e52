package faultline.cli;

import faultline.checker.linear.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one live line on stderr for long work (a check, a run): silent at first (short work prints
 * nothing), then redrawn at a steady pace with the elapsed time, and erased when done. Only when
 * stderr is a terminal ({@link Terminal}), so logs and pipes stay clean.
 */
public final class ProgressLine implements AutoCloseable {
  private static final long QUIET_MILLIS = 2000;
  private static final long EVERY_MILLIS = 500;

  private final PrintStream err;
  private final Supplier<String> status;
  private final long quietMillis;
  private final long everyMillis;
  private final Thread painter;
  private volatile boolean done;
  private boolean painted;

  private ProgressLine(PrintStream err, Supplier<String> status, long quietMillis, long everyMillis) {
    this.err = err;
    this.status = status;
    this.quietMillis = quietMillis;
    this.everyMillis = everyMillis;
    this.painter = Thread.ofPlatform().daemon().name("faultline-progress").unstarted(this::paint);
  }

  /** Starts showing {@code status} on stderr after two seconds, unless {@code quiet} or stderr is not a terminal. */
  static ProgressLine start(boolean quiet, Supplier<String> status) {
    return start(quiet, System.err, Duration.ofMillis(QUIET_MILLIS), Duration.ofMillis(EVERY_MILLIS), status);
  }

  /**
   * Starts showing {@code status} on {@code err} after {@code quiet} and every {@code every}, unless
   * {@code silent} or stderr is not a terminal. {@code status} is asked once per redraw.
   */
  public static ProgressLine start(boolean silent, PrintStream err, Duration quiet, Duration every, Supplier<String> status) {
    ProgressLine line = new ProgressLine(err, status, quiet.toMillis(), every.toMillis());
    if (!silent && Terminal.stderrIsTerminal()) line.painter.start();
    return line;
  }

  /** How far a linearizability search has got after {@code seconds}: partitions done of those planned, and its pace. */
  public static String searched(Progress p, double seconds) {
    return String.format("%d/%d partitions, %,.0f ops/s", p.partitionsDone(), p.partitions(), p.operationsDone() / Math.max(seconds, 1e-3));
  }

  private void paint() {
    long start = System.currentTimeMillis();
    try {
      Thread.sleep(quietMillis);
      while (!done) {
        double elapsed = (System.currentTimeMillis() - start) / 1000.0;
        synchronized (this) {
          if (done) break;
          err.print("\r\033[K" + status.get() + String.format(", %.1f s", elapsed));
          err.flush();
          painted = true;
        }
        Thread.sleep(everyMillis);
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
