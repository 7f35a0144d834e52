package faultline.cli.run;

import faultline.cli.ProgressLine;
import faultline.workloads.RunStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the live line says while a run goes on: ops per second over the last second, and
 * ok/fail/info so far ({@link ProgressLine} adds the elapsed time).
 */
final class Progress implements Supplier<String> {
  private final RunStats stats;
  private long lastCount;
  private long lastTime = System.nanoTime();

  private Progress(RunStats stats) {
    this.stats = stats;
  }

  /** The run's line on {@code err}, from its first second on. */
  static ProgressLine start(RunStats stats, PrintStream err) {
    return ProgressLine.start(false, err, Duration.ofSeconds(1), Duration.ofSeconds(1), new Progress(stats));
  }

  @Override
  public synchronized String get() {
    long now = System.nanoTime();
    long count = stats.completed();
    double rate = (count - lastCount) / Math.max(1e-9, (now - lastTime) / 1e9);
    lastCount = count;
    lastTime = now;
    return String.format("  %,8.0f ops/s  ok %,d  fail %,d  info %,d", rate, stats.ok(), stats.fail(), stats.info());
  }
}
