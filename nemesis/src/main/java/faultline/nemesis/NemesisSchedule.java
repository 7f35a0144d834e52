package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Faults on a seeded schedule, Jepsen's classic rhythm: {@code interval} of quiet, one fault
 * (chosen with the seed among {@code faults}) started, {@code interval} under it, the fault
 * stopped; again until the deadline. Each start and stop is an invocation and a completion in the
 * history. At the end, on interruption and on errors, an active fault is stopped and then
 * everything healed (a {@code heal} op), so the run's final reads meet a whole system.
 *
 * <p>Bounded: one fault per two intervals at most, and every nemesis op has bounded waits.
 */
public final class NemesisSchedule {
  public static final String HEAL = "heal";

  private final Nemesis nemesis;
  private final List<Fault> faults;
  private final Duration interval;
  private final Random random;
  private final NemesisHistory history;

  public NemesisSchedule(Nemesis nemesis, List<Fault> faults, Duration interval, long seed, NemesisHistory history) {
    if (faults.isEmpty()) throw new IllegalArgumentException("a schedule needs at least one fault");
    if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("the nemesis interval must be positive");
    this.nemesis = nemesis;
    this.faults = List.copyOf(faults);
    this.interval = interval;
    this.random = new Random(seed);
    this.history = history;
  }

  /** What a schedule did: faults started (applied or not), and how many the nemesis applied. */
  public record Summary(int started, int applied) {}

  /**
   * Runs faults until {@code deadline} (a {@link System#nanoTime()} value) or interruption, then
   * heals. A fault in progress at the deadline is stopped first, so a failover window completes.
   * Heal failures propagate after being recorded.
   */
  public Summary run(long deadline) {
    int started = 0;
    int applied = 0;
    Fault active = null;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        if (!sleepUntil(System.nanoTime() + interval.toNanos(), deadline)) break;
        Fault fault = faults.get(random.nextInt(faults.size()));
        started++;
        if (perform(fault.startF(), fault.startValue()).type() == OpType.FAIL) continue;
        applied++;
        active = fault;
        sleepUntil(System.nanoTime() + interval.toNanos(), deadline);
        Fault stopping = active;
        active = null;
        perform(stopping.stopF(), null);
      }
    } finally {
      boolean interrupted = Thread.interrupted(); // heal even when interrupted; restore the flag after
      try {
        if (active != null) perform(active.stopF(), null);
      } catch (RuntimeException stopFailed) {
        // heal repairs what the stop could not
      }
      heal();
      if (interrupted) Thread.currentThread().interrupt();
    }
    return new Summary(started, applied);
  }

  /** Heals through the nemesis, recorded as a {@code heal} op. */
  public void heal() {
    history.record(OpType.INVOKE, HEAL, null, null);
    try {
      nemesis.heal();
    } catch (RuntimeException e) {
      history.record(OpType.FAIL, HEAL, null, e.getMessage());
      throw e;
    }
    history.record(OpType.INFO, HEAL, null, null);
  }

  private Op perform(String f, Object value) {
    Op invocation = history.record(OpType.INVOKE, f, value, null);
    Op completion;
    try {
      completion = nemesis.invoke(invocation);
    } catch (RuntimeException e) {
      completion = NemesisOps.notDone(invocation, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return history.record(completion.type(), f, completion.value(), completion.error());
  }

  /** Sleeps until {@code until} or the deadline, whichever is first; false at the deadline or when interrupted. */
  private static boolean sleepUntil(long until, long deadline) {
    long end = until - deadline < 0 ? until : deadline;
    long left;
    while ((left = end - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) return false;
    }
    return until - deadline < 0;
  }
}
