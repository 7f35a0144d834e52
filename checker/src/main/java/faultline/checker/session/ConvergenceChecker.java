package faultline.checker.session;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.model.Model;
import faultline.checker.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Convergence: once writes to a key have stopped, every read of it agrees. The final reads of a
 * key are its successful reads invoked after every acknowledged write had completed and every
 * crashed write had been invoked (the run's final reads, after the nemesis healed, are such).
 *
 * <p>If they all return the same value, the key converged. If not, and no crashed write could
 * land among them, the replicas disagree: a violation. A crashed write may take effect at any
 * time, even between two final reads, so when there are some the final reads and the crashed
 * writes are checked for linearizability from each value the final reads saw: if one explains
 * them, the difference is a late write landing, not divergence.
 *
 * <p>Final reads must also come after the last nemesis event (the heal): before it, or in a history
 * with no faults recorded at all (such as Jepsen logs without a recovery phase), replicas may still
 * legitimately be catching up, and a difference proves nothing. Keys with fewer than two final
 * reads are not judged; when no key is, the verdict is unknown.
 */
public final class ConvergenceChecker {

  /** In the file's order, which is real time ({@link faultline.checker.history.RealTime}); times never decide it. */
  private static boolean afterHeal(Operation read, Op heal) {
    return read.invocation().index() > heal.index();
  }

  public ConvergenceResult check(PairedHistory history, Model<?> model, Budget budget) {
    String name = model.name();
    if (!Access.supports(name)) {
      return new ConvergenceResult(Verdict.UNKNOWN, 0, 0, List.of(), "convergence is checked for register, cas-register and kv histories, not " + name);
    }
    if (history.nemesisEvents().isEmpty()) {
      return new ConvergenceResult(Verdict.UNKNOWN, 0, 0, List.of(),
          "no nemesis heal in the history: final reads cannot be told from replicas still catching up");
    }
    Op heal = history.nemesisEvents().get(history.nemesisEvents().size() - 1);
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : history.operations()) byKey.computeIfAbsent(op.key() == null ? NO_KEY : op.key(), k -> new ArrayList<>()).add(op);
    int judged = 0;
    List<ConvergenceResult.Divergence> diverged = new ArrayList<>();
    String undecided = null;
    for (var e : byKey.entrySet()) {
      Object key = e.getKey() == NO_KEY ? null : e.getKey();
      List<Operation> ops = e.getValue();
      long settled = 0; // after this rank, no write can be in flight but crashed ones
      List<Operation> crashedWrites = new ArrayList<>();
      for (Operation op : ops) {
        if (model.isReadOnly(op)) continue;
        if (op.crashed()) {
          crashedWrites.add(op);
          settled = Math.max(settled, op.call());
        } else {
          settled = Math.max(settled, op.ret());
        }
      }
      List<Operation> finals = new ArrayList<>();
      for (Operation op : ops) {
        if (model.isReadOnly(op) && !op.crashed() && op.call() > settled && afterHeal(op, heal)) finals.add(op);
      }
      if (finals.size() < 2) continue;
      judged++;
      Set<Object> values = new LinkedHashSet<>();
      for (Operation r : finals) values.add(Access.of(name, r).value());
      if (values.size() == 1) continue;
      if (crashedWrites.isEmpty()) {
        diverged.add(new ConvergenceResult.Divergence(key, finals, List.copyOf(values), false));
        continue;
      }
      Verdict explained = explainedByLateWrites(history.history().source(), name, finals, crashedWrites, values, budget);
      if (explained == Verdict.INVALID) diverged.add(new ConvergenceResult.Divergence(key, finals, List.copyOf(values), true));
      else if (explained == Verdict.UNKNOWN && undecided == null) undecided = "could not decide whether crashed writes explain key " + key + "'s differing final reads";
    }
    Verdict verdict = !diverged.isEmpty() ? Verdict.INVALID : undecided != null ? Verdict.UNKNOWN
        : judged == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    String reason = verdict != Verdict.UNKNOWN ? null : undecided != null ? undecided
        : "no key has two or more final reads (reads invoked after the heal and after every write to the key completed)";
    return new ConvergenceResult(verdict, byKey.size(), judged, diverged, reason);
  }

  /**
   * VALID when some starting value among those read makes the final reads and crashed writes
   * linearizable (so a crashed write landing late explains the difference), INVALID when none
   * does, UNKNOWN when the search could not tell.
   */
  private static Verdict explainedByLateWrites(String source, String model, List<Operation> finals, List<Operation> crashed,
      Set<Object> values, Budget budget) {
    List<Op> events = new ArrayList<>();
    for (Operation op : finals) {
      events.add(op.invocation());
      events.add(op.completion());
    }
    for (Operation op : crashed) {
      events.add(op.invocation());
      if (op.completion() != null) events.add(op.completion());
    }
    events.sort(Comparator.comparingLong(Op::index));
    Verdict best = Verdict.INVALID;
    try {
      PairedHistory sub = PairedHistory.of(History.of(source + " (final reads)", events));
      for (Object start : values) {
        Object initial = start == Model.NIL ? null : start;
        if (budget.timeIsUp() || budget.cancelled()) return Verdict.UNKNOWN;
        // A budget of its own: the linearizability checker cancels its budget when it finds a
        // violation, and here a violation only means "not from this starting value".
        Budget own = Budget.of(Duration.ofSeconds(5), 0);
        Verdict v = new LinearizabilityChecker(1).check(sub, Models.byName(model, initial), own).verdict();
        if (v == Verdict.VALID) return Verdict.VALID;
        if (v == Verdict.UNKNOWN) best = Verdict.UNKNOWN;
      }
    } catch (MalformedHistoryException e) {
      return Verdict.UNKNOWN;
    }
    return best;
  }

  private static final Object NO_KEY = new Object();
}
