package faultline.cli.run;

import faultline.checker.linear.Progress;
import faultline.cli.ProgressLine;
import faultline.cli.Terminal;
import faultline.nemesis.FaultTally;
import faultline.workloads.RunStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the live line says while a run goes on: its phase (starting, load, healing, final reads,
 * stopping the servers, checking); under load the time left, ops per second over the last second, ok/fail/info so far
 * and the faults in effect now; while checking, how long and how far the search has got
 * ({@link ProgressLine} adds the elapsed time of the whole run).
 */
final class RunStatus implements Supplier<String> {
  enum Phase {
    STARTING("starting"), LOAD("load"), HEALING("healing"), FINAL_READS("final reads"), STOPPING("stopping the servers"),
    CHECKING("checking");

    final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private final RunStats stats;
  private final FaultTally faults;
  private final Duration loadTime;
  private final Progress search;
  private volatile Phase phase = Phase.STARTING;
  private volatile long phaseStart = System.nanoTime();
  private long lastCount;
  private long lastTime = System.nanoTime();

  /**
   * @param faults the run's faults, null for none
   * @param search how far the linearizability search has got, once checking
   */
  RunStatus(RunStats stats, FaultTally faults, Duration loadTime, Progress search) {
    this.stats = stats;
    this.faults = faults;
    this.loadTime = loadTime;
    this.search = search;
  }

  /** The run's line on {@code err}, from its first second on. */
  ProgressLine start(PrintStream err) {
    return ProgressLine.start(false, err, Duration.ofSeconds(1), Duration.ofSeconds(1), this);
  }

  void enter(Phase next) {
    phaseStart = System.nanoTime();
    phase = next;
  }

  @Override
  public synchronized String get() {
    long now = System.nanoTime();
    long count = stats.completed();
    double rate = (count - lastCount) / Math.max(1e-9, (now - lastTime) / 1e9);
    lastCount = count;
    lastTime = now;
    Phase p = phase;
    double inPhase = (now - phaseStart) / 1e9;
    if (p == Phase.CHECKING) {
      // Only the linearizability search reports how far it has got.
      return String.format("  checking for %.0f s", inPhase) + (search.partitions() == 0 ? "" : ": " + ProgressLine.searched(search, inPhase));
    }
    if (p == Phase.STARTING || p == Phase.STOPPING) return "  " + p.label;
    String head = p == Phase.LOAD ? String.format("  load, %.0f s left", Math.max(0, Math.ceil(loadTime.toNanos() / 1e9 - inPhase))) : "  " + p.label;
    List<String> inEffect = faults == null ? List.of() : faults.now();
    // The faults before the counts: ProgressLine ends the line with the elapsed time, after a comma.
    String inEffectNow = faults == null ? "" : ", faults now: " + (inEffect.isEmpty() ? "none" : Terminal.oneLine(String.join(" + ", inEffect)));
    return String.format("%s%s; %,8.0f ops/s  ok %,d  fail %,d  info %,d", head, inEffectNow, rate, stats.ok(), stats.fail(), stats.info());
  }
}
