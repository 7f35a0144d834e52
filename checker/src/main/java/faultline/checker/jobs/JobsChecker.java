package faultline.checker.jobs;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.NothingToJudge;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.ExactIntegers;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Operation;
import faultline.checker.history.OpType;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks scheduled jobs claimed by competing workers. The history, per queue (its key):
 *
 * <ul>
 *   <li>{@code schedule}, invoked with {@code [job delay-ms]}: the job is due {@code delay-ms}
 *       after the moment the schedule took effect (by the store's clock);
 *   <li>{@code run}, invoked with nothing: a worker claims a due job and runs it. It completes
 *       {@code ok [job]} (or {@code [job lease-ms]} when the claim is a lease) once the job ran,
 *       {@code ok} nil when no job was due, and {@code info [job]} when it claimed that job and
 *       then lost track (it may have run). A claim that completes naming no job never ran one;
 *   <li>{@code pending}, a final read of the jobs still queued: {@code ok [job ...]}.
 * </ul>
 *
 * Violations, each naming the workers and the times (seconds into the run, the history's own
 * clock):
 *
 * <ul>
 *   <li><b>ran-twice</b>: two workers' runs of one job both completed ok, where the pattern
 *       promises exactly once ({@link Promise#EXACTLY_ONCE});
 *   <li><b>twice-inside-lease</b>: the second run ended before the first one's lease could have
 *       run out (its claim came no earlier than its invocation), under every promise;
 *   <li><b>ran-early</b>: a run ended before its job could have been due: earlier than
 *       {@code delay-ms} after the schedule was invoked;
 *   <li><b>ran-unscheduled</b>: a run of a job no schedule had been invoked for;
 *   <li><b>missed</b>: a worker's claim found nothing due while a job was: its schedule had
 *       completed {@code delay-ms} before the claim began, no run of it had begun by the time the
 *       claim ended, and no claim of unknown outcome could still hide it (one that never
 *       completed, or completed less than {@code holdMs} before);
 *   <li><b>vanished</b>: a job scheduled before a final read began, which no run names, and
 *       which that read does not show: it never ran and the queue no longer holds it.
 * </ul>
 *
 * Times are the history's (the client's monotonic clock); due times and leases are the
 * store's clock, allowed to stray {@code clockSlackMs} from it, so a server clock set ahead shows
 * as ran-early, and one set behind as missed. A
 * history without times, or with no run and no final read that succeeded, has nothing to judge.
 */
public final class JobsChecker implements Checker {
  public static final String SCHEDULE = "schedule";
  public static final String RUN = "run";
  public static final String PENDING = "pending";
  private static final int KEPT = 20;
  private static final long MS = 1_000_000;

  /** What the pattern promises. */
  public enum Promise {
    /** Each job runs once: a second successful run is a violation. */
    EXACTLY_ONCE,
    /** Each job runs at least once, and never twice inside one lease. */
    AT_LEAST_ONCE
  }

  private final Promise promise;
  private final long holdMs;
  private final long slackNs;

  /**
   * @param holdMs how long after it completed a claim of unknown outcome may still hide a job
   *     from other workers (a lease's length)
   * @param clockSlackMs how far the store's clock may stray from the history's over a job's wait,
   *     its granularity included (Redis' TIME in whole milliseconds makes a job due up to 1 ms
   *     early)
   */
  public JobsChecker(Promise promise, long holdMs, long clockSlackMs) {
    this.promise = promise;
    this.holdMs = holdMs;
    this.slackNs = clockSlackMs * MS;
  }

  /** A job's schedule, and what we know of its runs. */
  private record Scheduled(Operation op, Object job, long delayMs) {
    /** The earliest it could be due, in history nanoseconds. */
    long earliestDue() {
      return op.invocation().time() + delayMs * MS;
    }

    /** The latest it could be due, when its schedule completed ok. */
    long latestDue() {
      return op.completion().time() + delayMs * MS;
    }

    boolean acknowledged() {
      return !op.crashed();
    }
  }

  /** A run that names its job. */
  private record Run(Operation op, Object job, Long leaseMs) {
    boolean certain() {
      return !op.crashed();
    }
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    if (!history.timed()) return Result.unknown("jobs", "the history has no times, and due times and leases need them");
    PairedHistory paired = PairedHistory.of(history);
    Map<Object, Scheduled> schedules = new LinkedHashMap<>();
    List<Run> runs = new ArrayList<>();
    List<Operation> empty = new ArrayList<>();
    List<Operation> unknownClaims = new ArrayList<>();
    List<Operation> pendingReads = new ArrayList<>();
    for (Operation op : paired.operations()) {
      switch (op.f()) {
        case SCHEDULE -> {
          if (!(op.input() instanceof List<?> v) || v.size() != 2 || v.get(0) == null || ExactIntegers.of(v.get(1)) == null) {
            throw bad(history, op, "a schedule is invoked with [job delay-ms], got " + Values.show(op.input()));
          }
          schedules.putIfAbsent(List.of(op.key() == null ? "" : op.key(), v.get(0)),
              new Scheduled(op, v.get(0), ExactIntegers.of(v.get(1)).longValueExact()));
        }
        case RUN -> {
          Object value = op.completion() == null ? null : op.completion().value();
          if (value == null) {
            if (op.crashed()) unknownClaims.add(op);
            else empty.add(op);
          } else if (value instanceof List<?> v && !v.isEmpty() && v.get(0) != null && v.size() <= 2) {
            Long lease = v.size() == 2 && ExactIntegers.of(v.get(1)) != null ? ExactIntegers.of(v.get(1)).longValueExact() : null;
            runs.add(new Run(op, v.get(0), lease));
          } else {
            throw bad(history, op, "a run completes with [job] or [job lease-ms], got " + Values.show(value));
          }
        }
        case PENDING -> {
          if (op.crashed()) break;
          if (!(op.output() instanceof List<?>)) throw bad(history, op, "a pending read returns [job ...], got " + Values.show(op.output()));
          pendingReads.add(op);
        }
        default -> { /* not the jobs' */ }
      }
    }
    List<Finding> findings = new ArrayList<>();
    twiceAndEarly(runs, schedules, findings);
    missed(schedules, runs, empty, unknownClaims, findings);
    vanished(schedules, runs, pendingReads, findings);

    long certainRuns = runs.stream().filter(Run::certain).count();
    Verdict verdict;
    String reason = null;
    if (!findings.isEmpty()) verdict = Verdict.INVALID;
    else if (certainRuns + empty.size() + pendingReads.size() == 0) {
      verdict = NothingToJudge.verdict(0, paired.operations().size(), paired.failed());
      reason = NothingToJudge.reason(0, paired.operations().size(), paired.failed(), "successful run or final read");
    } else verdict = Verdict.VALID;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("promise", promise == Promise.EXACTLY_ONCE ? "exactly-once" : "at-least-once");
    details.put("jobs-scheduled", schedules.size());
    details.put("runs", certainRuns);
    details.put("violations", findings.size());
    details.put("store-clock-slack-ms", slackNs / MS);
    Map<String, Long> byType = new LinkedHashMap<>();
    for (Finding f : findings) byType.merge(f.type(), 1L, Long::sum);
    if (!byType.isEmpty()) details.put("violation-types", byType);
    List<Finding> kept = findings.stream().limit(KEPT).toList();
    return Result.of("jobs", verdict)
        .summary(schedules.size() + " jobs scheduled, " + certainRuns + " runs" + (findings.isEmpty() ? "" : "; " + findings.size()
            + " violations (" + String.join(", ", byType.keySet()) + ")"))
        .reason(reason)
        .explain(kept.stream().map(Finding::explanation).toList())
        .witness(kept.stream().flatMap(f -> f.witness().stream()).toList())
        .details(details)
        .build();
  }

  private void twiceAndEarly(List<Run> runs, Map<Object, Scheduled> schedules, List<Finding> out) {
    Map<Object, List<Run>> certain = new LinkedHashMap<>();
    for (Run r : runs) {
      Scheduled s = schedules.get(List.of(r.op().key() == null ? "" : r.op().key(), r.job()));
      if (s == null || s.op().invocation().index() > r.op().completion().index()) {
        out.add(new Finding("ran-unscheduled", r.op().key(), r.job(), worker(r.op()) + " ran " + job(r.job())
            + ", which no schedule had been invoked for", List.of(witness(r.op(), "ran", "no schedule before it"))));
        continue;
      }
      if (!r.certain()) continue;
      long ranBy = r.op().completion().time();
      if (ranBy < s.earliestDue() - slackNs) {
        out.add(new Finding("ran-early", r.op().key(), r.job(), worker(r.op()) + " ran " + job(r.job()) + " by " + at(ranBy)
            + ", but it was due " + s.delayMs() + " ms after its schedule took effect, no earlier than " + at(s.earliestDue()) + " ("
            + s.op().named("schedule") + " began at " + at(s.op().invocation().time()) + "): "
            + ms(s.earliestDue() - ranBy) + " early",
            List.of(witness(r.op(), "ran", "ended " + ms(s.earliestDue() - ranBy) + " before it was due"),
                witness(s.op(), "schedule", "due after " + s.delayMs() + " ms"))));
      }
      certain.computeIfAbsent(List.of(r.op().key() == null ? "" : r.op().key(), r.job()), j -> new ArrayList<>()).add(r);
    }
    for (List<Run> ofJob : certain.values()) {
      for (int i = 1; i < ofJob.size(); i++) {
        Run first = ofJob.get(i - 1), second = ofJob.get(i);
        Long lease = first.leaseMs();
        boolean insideLease = lease != null && second.op().completion().time() < first.op().invocation().time() + lease * MS;
        if (!insideLease && promise != Promise.EXACTLY_ONCE) continue;
        String how = insideLease
            ? ", before the first one's lease of " + lease + " ms could have run out (" + at(first.op().invocation().time() + lease * MS)
                + " at the earliest)"
            : lease != null ? ", after the first one's lease of " + lease + " ms could have run out, but the job was to run once" : "";
        out.add(new Finding(insideLease ? "twice-inside-lease" : "ran-twice", first.op().key(), first.job(),
            job(first.job()) + " ran twice: " + worker(first.op()) + " " + during(first.op()) + ", and " + worker(second.op()) + " "
                + during(second.op()) + how,
            List.of(witness(first.op(), "ran", "first run"), witness(second.op(), "ran", "ran again"))));
      }
    }
  }

  private void missed(Map<Object, Scheduled> schedules, List<Run> runs, List<Operation> empty, List<Operation> unknownClaims,
      List<Finding> out) {
    // The first invocation of a run naming each job, so that a claim asks once whether the job had been claimed before it.
    Map<Object, Long> firstRun = new java.util.HashMap<>();
    for (Run r : runs) firstRun.merge(List.of(r.op().key() == null ? "" : r.op().key(), r.job()), r.op().invocation().index(), Math::min);
    // Per queue: its acknowledged jobs by the latest they were due, how many of them are due by now, and those due and not
    // yet known to be claimed. Claims come in order of invocation, so "due by the time it began" only grows.
    Map<Object, List<Map.Entry<Object, Scheduled>>> byDue = new java.util.HashMap<>();
    for (Map.Entry<Object, Scheduled> e : schedules.entrySet()) {
      if (e.getValue().acknowledged()) byDue.computeIfAbsent(e.getValue().op().key(), q -> new ArrayList<>()).add(e);
    }
    byDue.values().forEach(l -> l.sort(java.util.Comparator.comparingLong(e -> e.getValue().latestDue())));
    Map<Object, Integer> dueSoFar = new java.util.HashMap<>();
    Map<Object, Map<Object, Scheduled>> open = new java.util.HashMap<>();
    for (Operation claim : empty) {
      long began = claim.invocation().time();
      List<Map.Entry<Object, Scheduled>> queue = byDue.getOrDefault(claim.key(), List.of());
      Map<Object, Scheduled> waiting = open.computeIfAbsent(claim.key(), q -> new LinkedHashMap<>());
      int next = dueSoFar.getOrDefault(claim.key(), 0);
      for (; next < queue.size() && queue.get(next).getValue().latestDue() + slackNs < began; next++) {
        waiting.put(queue.get(next).getKey(), queue.get(next).getValue());
      }
      dueSoFar.put(claim.key(), next);
      boolean hidden = unknownClaims.stream().anyMatch(u -> Objects.equals(u.key(), claim.key())
          && u.invocation().index() < claim.completion().index()
          && (u.completion() == null || u.completion().time() + holdMs * MS >= began));
      if (hidden) continue;
      for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Object, Scheduled> e = it.next();
        long claimedAt = firstRun.getOrDefault(e.getKey(), Long.MAX_VALUE);
        if (claimedAt < claim.invocation().index()) {
          it.remove(); // claimed before this claim began, so before every later one too
          continue;
        }
        if (claimedAt < claim.completion().index()) continue; // claimed while it looked
        it.remove();
        Scheduled s = e.getValue();
        out.add(new Finding("missed", claim.key(), s.job(), worker(claim) + " looked for a due job " + during(claim)
            + " and found none, but " + job(s.job()) + " was due by " + at(s.latestDue()) + " (" + s.delayMs() + " ms after "
            + s.op().named("schedule") + " completed at " + at(s.op().completion().time()) + ") and no run of it had begun",
            List.of(witness(claim, "found nothing", "while " + job(s.job()) + " was due"), witness(s.op(), "schedule", "due by "
                + at(s.latestDue())))));
      }
    }
  }

  private static void vanished(Map<Object, Scheduled> schedules, List<Run> runs, List<Operation> pendingReads, List<Finding> out) {
    Set<Object> ran = new HashSet<>();
    for (Run r : runs) ran.add(List.of(r.op().key() == null ? "" : r.op().key(), r.job()));
    Set<Object> reported = new HashSet<>();
    for (Operation read : pendingReads) {
      Set<Object> queued = new HashSet<>((List<?>) read.output());
      for (Map.Entry<Object, Scheduled> e : schedules.entrySet()) {
        Scheduled s = e.getValue();
        if (!s.acknowledged() || !Objects.equals(s.op().key(), read.key()) || ran.contains(e.getKey()) || reported.contains(e.getKey())
            || queued.contains(s.job()) || s.op().completion().index() > read.invocation().index()) {
          continue;
        }
        reported.add(e.getKey());
        out.add(new Finding("vanished", read.key(), s.job(), job(s.job()) + ", scheduled by " + s.op().named("schedule")
            + ", never ran, and " + read.named("final read") + " " + during(read) + " does not show it queued",
            List.of(witness(s.op(), "schedule", "never ran"), witness(read, "pending", "does not show " + job(s.job())))));
      }
    }
  }

  /** One violation, told as data and as words. */
  private record Finding(String type, Object queue, Object job, String text, List<WitnessOp> witness) {
    Explanation explanation() {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("key", queue);
      data.put("job", job);
      data.put("processes", witness.stream().map(WitnessOp::process).distinct().toList());
      data.put("events", witness.stream().map(w -> List.of(w.invokeIndex(), w.completeIndex())).toList());
      return new Explanation(type, data, "queue " + Values.show(queue) + ": " + text);
    }
  }

  private static WitnessOp witness(Operation op, String what, String note) {
    return WitnessOp.of(WitnessOp.ANOMALY, op.key(), op, what, note);
  }

  private static String worker(Operation op) {
    return op.named("run").replace("'s run (", " (");
  }

  private static String job(Object job) {
    return "job " + Values.show(job);
  }

  private static String during(Operation op) {
    return op.completion() == null ? "from " + at(op.invocation().time())
        : "from " + at(op.invocation().time()) + " to " + at(op.completion().time());
  }

  /** A history time as seconds into the run. */
  static String at(long nanos) {
    return String.format("%.3f s", nanos / 1e9);
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  private static MalformedHistoryException bad(History history, Operation op, String problem) {
    return new MalformedHistoryException(history.source(), 0, "event " + op.invocation().index() + ": " + problem);
  }
}
