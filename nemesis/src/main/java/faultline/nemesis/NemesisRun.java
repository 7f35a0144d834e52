package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.checker.history.Process;
import faultline.environments.Environment;
import faultline.workloads.HistoryRecorder;
import faultline.workloads.PausePoints;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The nemesis of one run, beside the workers: its schedule on a thread of its own, its faults in
 * the run's history (process "nemesis"), and the proof at the end that nothing was left behind.
 *
 * <p>The schedule ends one interval before the main phase does, then heals, so the workers' last
 * interval meets a healed system; {@link #finish()} runs between the main phase and the final
 * reads and waits for that heal, so the final reads come after it even when a stop (a Sentinel
 * failover's) outlasts the main phase (DESIGN.md: final reads after the heal).
 */
public final class NemesisRun implements AutoCloseable {
  private final Environment env;
  private final CompositeNemesis nemesis;
  private final HealOnShutdown healOnExit;
  private final Thread thread;
  private volatile NemesisSchedule.Summary summary;
  private volatile RuntimeException failure;

  private NemesisRun(Environment env, List<Fault> faults, Duration interval, PausePoints pauses, HistoryRecorder recorder, FaultTally tally,
      long seed, long mainPhaseNanos) {
    this.env = env;
    this.nemesis = Nemeses.of(env, seed, Optional.of(pauses));
    this.healOnExit = new HealOnShutdown(nemesis, () -> Leftovers.afterExit(env));
    NemesisSchedule schedule = new NemesisSchedule(nemesis, faults, interval, seed,
        (type, f, value, error) -> {
          Op recorded = recorder.record(Process.NEMESIS, type, f, null, value, error);
          tally.record(type, f, value);
          return recorded;
        });
    long quietTail = Math.min(interval.toNanos(), mainPhaseNanos / 4);
    long deadline = System.nanoTime() + mainPhaseNanos - quietTail;
    this.thread = Thread.ofPlatform().name("faultline-nemesis").start(() -> {
      try {
        summary = schedule.run(deadline);
      } catch (RuntimeException e) {
        failure = e;
      }
    });
  }

  /**
   * Starts the schedule of {@code faults} now (each after {@code interval} of quiet, for {@code
   * interval}), for a main phase of {@code mainPhaseNanos} that starts now too; client pauses
   * freeze {@code pauses}; every nemesis event is told to {@code tally} too.
   */
  public static NemesisRun start(Environment env, List<Fault> faults, Duration interval, PausePoints pauses, HistoryRecorder recorder,
      FaultTally tally, long seed, long mainPhaseNanos) {
    return new NemesisRun(env, faults, interval, pauses, recorder, tally, seed, mainPhaseNanos);
  }

  /**
   * Waits for the schedule to end (it has healed by then) and says what it did and what is left:
   * results.json's "nemesis" entry. Leftovers are listed, never hidden; a fenced PostgreSQL
   * primary that could not be rewound into a replica stays down on purpose and is named as such
   * ("fenced"); every failover's own account (fenced, promoted, rewound) is in the history.
   */
  public Map<String, Object> finish() throws InterruptedException {
    thread.join(TimeUnit.SECONDS.toMillis(120));
    if (thread.isAlive()) {
      thread.interrupt();
      thread.join(TimeUnit.SECONDS.toMillis(60));
    }
    Set<String> fenced = nemesis.find(FailoverNemesis.class).map(FailoverNemesis::fenced).orElse(Set.of());
    Map<String, Object> out = new LinkedHashMap<>();
    NemesisSchedule.Summary s = summary;
    out.put("faults-started", s == null ? 0 : s.started());
    out.put("faults-applied", s == null ? 0 : s.applied());
    if (!fenced.isEmpty()) out.put("fenced", List.copyOf(fenced));
    if (failure != null) out.put("heal-error", failure.getMessage());
    out.put("leftovers", Leftovers.of(env, fenced));
    return out;
  }

  /** Heals whatever happened (idempotent), then removes the exit hook. */
  @Override
  public void close() {
    try {
      if (thread.isAlive()) thread.interrupt();
      nemesis.heal();
    } finally {
      healOnExit.close();
    }
  }
}
