package faultline.checker.lock;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.linear.Witness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lock's own history judged as a {@code mutex}, as Jepsen judges its lock tests: the acquires and
 * releases of each lock (key) must be linearizable against Knossos' mutex model ({@link faultline.checker.model.Mutex}: an
 * acquire of a held lock, or a release of a free one, cannot happen; the model does not track who
 * holds it). A failed acquire (the lock was busy) or release changed nothing and is dropped; a
 * crashed one may have taken effect at any time after its invocation, or never.
 *
 * <p>Beyond Knossos: a crashed process's locks are released by the server (its session ended, or
 * its lease ran out), which {@link MutexHistory} adds as a crashed release, so that a lost
 * connection releasing a session lock counts as a release, not as a second holder. That release
 * frees only its crashed holder's lock ({@link HolderMutex}); the clients' own are Knossos'.
 *
 * <p>When the search finds no order, the explanation names both holders, with the times of their
 * acquires and their leases, and what became of the first holder's release ({@link Overlap}).
 */
public final class MutexChecker implements Checker {
  public static final String NAME = "mutex";
  /** results.json keeps this many pairs of holders in full; the count says how many there were. */
  private static final int KEPT = 20;

  private final LinearizabilityChecker search;

  public MutexChecker() {
    this(new LinearizabilityChecker());
  }

  public MutexChecker(LinearizabilityChecker search) {
    this.search = search;
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    MutexHistory locks = MutexHistory.of(history);
    LinearizabilityResult r = search.check(locks.paired(), new HolderMutex(), budget);
    Map<String, Object> details = new LinkedHashMap<>();
    List<Operation> ops = locks.paired().operations();
    long acquired = ops.stream().filter(o -> o.f().equals(LockOps.ACQUIRE) && !o.crashed()).count();
    long busy = locks.paired().failedOperations().stream().filter(o -> o.f().equals(LockOps.ACQUIRE)).count();
    long locksSeen = ops.stream().map(Operation::key).distinct().count();
    details.put("locks", locksSeen);
    details.put("acquired", acquired);
    details.put("acquire-refused", busy);
    details.put("released-for-crashed-holders", locks.madeReleases());
    String counts = acquired + " acquires over " + locksSeen + " locks (" + busy + " refused: held), "
        + locks.madeReleases() + " released by the server after their holder crashed";
    if (r.verdict() == Verdict.UNKNOWN) {
      return Result.of(NAME, Verdict.UNKNOWN).summary("undecided: " + r.reason()).reason(r.reason()).details(details).build();
    }
    if (r.verdict() == Verdict.VALID) {
      return Result.of(NAME, Verdict.VALID).summary(counts + "; never two holders at once").details(details).build();
    }
    List<Overlap> overlaps = Overlap.find(locks, history);
    details.put("two-holders", overlaps.size());
    List<Explanation> explanations = new ArrayList<>();
    List<WitnessOp> witness = new ArrayList<>();
    for (Overlap o : overlaps.subList(0, Math.min(KEPT, overlaps.size()))) {
      explanations.add(new Explanation("two-holders", o.data(), o.explain()));
      witness.add(op(WitnessOp.BEFORE, o.first(), locks, "the first holder"));
      witness.add(op(WitnessOp.ANOMALY, o.second(), locks, "acquired while process " + o.first().process() + " held it"));
    }
    if (overlaps.isEmpty()) explanations.add(noOrder(r.witness(), locks)); // a violation the pairs do not show alone
    return Result.of(NAME, Verdict.INVALID)
        .summary(counts + "; " + (overlaps.isEmpty() ? "no order of acquires and releases explains them"
            : overlaps.size() + (overlaps.size() == 1 ? " time" : " times") + " two holders at once"))
        .explain(explanations)
        .witness(witness)
        .ruledOut(List.of(NAME))
        .details(details)
        .build();
  }

  private static WitnessOp op(String role, Operation op, MutexHistory locks, String note) {
    return new WitnessOp(role, op.key(), op.process().label(), op.f(), op.value(), locks.original(op.invocation().index()),
        op.completion() == null ? -1 : locks.original(op.completion().index()), note);
  }

  /**
   * The search's own witness, in the history's event numbers: the acquire (or release) no order
   * explains, and the holder the longest order found leaves in place before it.
   */
  private static Explanation noOrder(Witness w, MutexHistory locks) {
    Operation stuck = w.stuck();
    Operation holder = null;
    for (Witness.Step step : w.prefix()) {
      if (step.op().f().equals(LockOps.ACQUIRE)) holder = step.op();
      else if (step.op().f().equals(LockOps.RELEASE)) holder = null;
    }
    String who = MutexHistory.madeFor(stuck) != null ? "the release made for crashed process " + MutexHistory.madeFor(stuck)
        + " (" + Overlap.events(locks, stuck) + ")"
        : stuck.f().equals(LockOps.ACQUIRE) ? "the acquire of " + Overlap.describe(locks, stuck)
        : "process " + stuck.process() + "'s release (" + Overlap.events(locks, stuck) + ")";
    String text = "lock " + Values.show(w.key()) + ": no order of its acquires and releases explains " + who
        + (holder == null || !stuck.f().equals(LockOps.ACQUIRE) ? ": in the longest order found before it, " + w.state()
            : holder.process().equals(stuck.process())
                ? ": it succeeded while the same process's earlier acquire, " + Overlap.events(locks, holder)
                    + ", still held the lock, never released: the lock was granted twice without a release between"
                : ": it succeeded while " + Overlap.describe(locks, holder) + " held the lock, with no release left to fall between: two holders at once");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("key", w.key());
    data.put("invoke-index", locks.original(stuck.invocation().index()));
    if (holder != null) data.put("holder-invoke-index", locks.original(holder.invocation().index()));
    data.put("state", w.state());
    return new Explanation("not-a-mutex", data, text + ".");
  }
}
