package faultline.checker.lock;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.Op;
import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two holders of one lock at once, beyond doubt: {@code first}'s acquire completed {@code ok}
 * before {@code second}'s began, {@code second}'s completed {@code ok} too, and no release of that
 * lock (acknowledged, crashed, or made for a crashed holder) could fall between them, whatever the
 * order. Two clients believed they held the lock.
 *
 * @param firstRelease what became of {@code first}'s next release: its release op, the release made
 *     when it crashed, or null when it never tried
 * @param faults the faults in effect between the two acquires
 */
record Overlap(Object key, Operation first, Operation second, Operation firstRelease, boolean releaseFailed, boolean releaseMade,
    List<String> faults, MutexHistory history) {

  /** Every such pair, each second holder with the latest first holder, in the order of the second acquires. */
  static List<Overlap> find(MutexHistory history, faultline.checker.history.History original) {
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history.paired().operations()) byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    List<Operation> failed = history.paired().failedOperations();
    List<FaultWindows.Window> windows = FaultWindows.of(original);
    List<Overlap> out = new ArrayList<>();
    for (List<Operation> ops : byKey.values()) {
      for (Operation second : ops) {
        if (!second.f().equals(LockOps.ACQUIRE) || second.crashed()) continue;
        Operation first = null; // the acquire completed last before this one began
        for (Operation a : ops) {
          if (a.call() >= second.call()) break; // in order of invocation
          if (a.f().equals(LockOps.ACQUIRE) && !a.crashed() && a.ret() < second.call() && (first == null || a.ret() > first.ret())) first = a;
        }
        if (first == null || releasable(ops, first, second)) continue;
        Operation release = nextRelease(history, ops, failed, first);
        boolean releaseFailed = release != null && failed.contains(release);
        long from = history.original(first.completion().index());
        long to = history.original(second.completion().index());
        List<String> faults = windows.stream().filter(w -> w.from() <= to && w.to() >= from).map(FaultWindows.Window::describe).toList();
        out.add(new Overlap(second.key(), first, second, release, releaseFailed, release != null && history.made(release), faults, history));
      }
    }
    out.sort(java.util.Comparator.comparingLong(o -> o.second().call()));
    return out;
  }

  /** Whether some release of the lock could take effect between {@code a} and {@code b}. */
  private static boolean releasable(List<Operation> ops, Operation a, Operation b) {
    for (Operation r : ops) {
      if (r.f().equals(LockOps.RELEASE) && r.call() < b.ret() && r.ret() > a.call()) return true;
    }
    return false;
  }

  /** The first holder's next release after its acquire: its own, failed or not, or the one made when it crashed. */
  private static Operation nextRelease(MutexHistory history, List<Operation> ops, List<Operation> failed, Operation acquire) {
    Operation next = null;
    List<Operation> all = new ArrayList<>(ops);
    all.addAll(failed);
    for (Operation r : all) {
      if (!r.f().equals(LockOps.RELEASE) || !Objects.equals(r.key(), acquire.key()) || r.call() <= acquire.call()) continue;
      boolean mine = r.process().equals(acquire.process())
          || history.made(r) && String.valueOf(MutexHistory.madeFor(r)).equals(String.valueOf(acquire.process().label()));
      if (mine && (next == null || r.call() < next.call())) next = r;
    }
    return next;
  }

  /** "process 3 (events 10-11 at 1.204 s, lease 1000 ms)". */
  private String holder(Operation acquire) {
    return describe(history, acquire);
  }

  /** An acquire, as the explanations name a holder: "process 3 (events 10-11 at 1.204 s, lease 1000 ms)". */
  static String describe(MutexHistory history, Operation acquire) {
    Long lease = LockOps.leaseMillis(acquire);
    Object token = LockOps.token(acquire.output());
    Op done = acquire.completion();
    return "process " + acquire.process() + " (" + events(history, acquire) + LockOps.at(done == null ? acquire.invocation() : done)
        + (lease == null ? ", a session lock" : ", lease " + lease + " ms")
        + (token == null ? "" : ", token " + token) + ")";
  }

  private String events(Operation op) {
    return events(history, op);
  }

  /** "events 10-11" in the history's own numbers. */
  static String events(MutexHistory history, Operation op) {
    long from = history.original(op.invocation().index());
    return op.completion() == null ? "event " + from + ", never completed"
        : "events " + from + "-" + history.original(op.completion().index()) + (op.crashed() ? ", crashed" : "");
  }

  /**
   * When the first lease ended, as far as the times tell. It began somewhere between its acquire's
   * invocation and completion, so it ended between those plus the lease; the second acquire took
   * effect between its own invocation and completion. Only a second acquire over before the
   * earliest end shows a lease that ended early; one begun after the latest shows a lease that ran
   * out; in between, it ran out about when it was due.
   */
  private String leaseEnd(long lease) {
    long latest = first.completion().time() + lease * 1_000_000L;
    String text = " The first lease was due to end by " + seconds(latest) + " at the latest (" + lease
        + " ms after its acquire, in true time); the second acquire ";
    if (second.invocation().time() > latest) return text + "began after that: the lease ran out while its holder still used the lock.";
    if (!first.invocation().hasTime()) return text + "began before that.";
    long earliest = first.invocation().time() + lease * 1_000_000L;
    if (second.completion() != null && second.completion().hasTime() && second.completion().time() < earliest) {
      return text + "was over by " + seconds(second.completion().time()) + ", before " + seconds(earliest) + ", the earliest it could "
          + "end (" + lease + " ms after the first acquire began): the lease ended early (the server's clock ran fast or jumped, or "
          + "the lock's key was lost).";
    }
    return text + "began before that and ended after " + seconds(earliest) + ", the earliest (" + lease + " ms after the first "
        + "acquire began): the lease ran out about when it was due, while its holder still used the lock.";
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
  }

  /** One sentence naming both holders, the times of their leases, and what became of the first. */
  String explain() {
    StringBuilder out = new StringBuilder("lock " + Values.show(key) + ": " + holder(first) + " acquired it, and "
        + (first.process().equals(second.process())
            ? "acquired it again (" + events(second) + LockOps.at(second.completion()) + ") with no release that could fall between: "
                + "the lock was granted twice, its first grant lost."
            : holder(second) + " acquired it too, before any release could fall between: two holders at once."));
    Long lease = LockOps.leaseMillis(first);
    if (lease != null && first.completion().hasTime() && second.invocation().hasTime()) out.append(leaseEnd(lease));
    out.append(" Process ").append(first.process());
    if (firstRelease == null) {
      out.append(" never released it.");
    } else if (releaseMade) {
      out.append(" crashed after that").append(LockOps.at(firstRelease.invocation())).append(" (event ")
          .append(history.original(firstRelease.invocation().index())).append("), and its lock went with its session or lease.");
    } else {
      out.append("'s release (").append(events(firstRelease)).append(LockOps.at(firstRelease.invocation())).append(")")
          .append(releaseFailed ? " was refused: it no longer held the lock." : firstRelease.crashed() ? " crashed." : " succeeded.");
    }
    if (!faults.isEmpty()) out.append(" Meanwhile ").append(String.join("; ", faults)).append(faults.size() == 1 ? " was" : " were").append(" in effect.");
    return out.toString();
  }

  Map<String, Object> data() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("first", holderData(first));
    out.put("second", holderData(second));
    if (firstRelease != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("invoke-index", history.original(firstRelease.invocation().index()));
      r.put("outcome", releaseMade ? "crashed" : releaseFailed ? "fail" : firstRelease.crashed() ? "info" : "ok");
      out.put("first-release", r);
    }
    if (!faults.isEmpty()) out.put("faults", faults);
    return out;
  }

  private Map<String, Object> holderData(Operation acquire) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("process", acquire.process().label());
    out.put("events", List.of(history.original(acquire.invocation().index()), history.original(acquire.completion().index())));
    if (acquire.completion().hasTime()) out.put("acquired-ns", acquire.completion().time());
    Long lease = LockOps.leaseMillis(acquire);
    if (lease != null) out.put(LockOps.LEASE_MS, lease);
    Object token = LockOps.token(acquire.output());
    if (token != null) out.put(LockOps.TOKEN, token);
    return out;
  }
}
