package faultline.checker.lock;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.counter.CounterChecker;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a lock protects: each holder's read-modify-write of a counter ({@code add}), which only the
 * lock keeps from interleaving with another holder's, and reads of it ({@code read}). Judged by
 * Jepsen's counter check ({@link CounterChecker}): a read below what was acknowledged is a lost
 * update, and a lost update means the lock did not protect the counter, whatever the lock's own
 * history says: two holders interleaved (exclusion failed), or the store itself lost acknowledged
 * writes (a failover), which the lock's history cannot show.
 *
 * <p>An add that commits with its holder's release ({@code with-release}: a row lock's
 * transaction) took effect only if that release did: it counts as acknowledged when the release is
 * {@code ok}, as failed when the release failed (rolled back), and as crashed otherwise.
 */
public final class ProtectedCounterChecker implements Checker {
  public static final String NAME = "resource";

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    PairedHistory.of(history); // a malformed history is refused with its own line numbers
    Map<Integer, Integer> commits = commits(history); // add completion -> its release's completion
    Map<Integer, Integer> committedBy = new HashMap<>();
    commits.forEach((add, release) -> committedBy.put(release, add));
    List<Op> counter = new ArrayList<>();
    List<Op> ops = history.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      Integer add = committedBy.get(i);
      if (add != null) {
        // The add took effect when its release committed: its completion moves there, with the release's outcome.
        Op done = ops.get(add);
        OpType fate = op.type() == OpType.OK ? OpType.OK : op.type() == OpType.FAIL ? OpType.FAIL : OpType.INFO;
        counter.add(new Op(op.index(), op.time(), done.process(), fate, done.f(), done.key(), LockOps.amount(done), op.error(), op.node()));
        continue;
      }
      if (!op.process().isClient()) {
        counter.add(op);
        continue;
      }
      if (!LockOps.ADD.equals(op.f()) && !LockOps.READ.equals(op.f())) continue;
      if (commits.containsKey(i)) {
        if (commits.get(i) >= 0) continue; // completed at its release, above
        op = new Op(op.index(), op.time(), op.process(), OpType.INFO, op.f(), op.key(), op.value(), "its release never came", op.node());
      }
      if (LockOps.ADD.equals(op.f())) {
        op = new Op(op.index(), op.time(), op.process(), op.type(), op.f(), op.key(), LockOps.amount(op), op.error(), op.node());
      }
      counter.add(op);
    }
    Result r = new CounterChecker().check(History.of(history.source(), counter), budget);
    String meaning = r.verdict() == Verdict.INVALID
        ? "; acknowledged increments lost: the lock did not protect the counter (two holders' read-modify-writes interleaved, or the store lost acknowledged writes)"
        : r.verdict() == Verdict.VALID ? "; nothing the lock protects was lost" : "";
    return new Result(NAME, r.verdict(), "protected counter: " + r.summary() + meaning, r.reason(), r.explanations(), r.witness(),
        r.ruledOut(), r.details(), r.parts());
  }

  /**
   * For the completion of each ok add that commits with its holder's release: the position of that
   * release's completion, or -1 when it never came.
   */
  private static Map<Integer, Integer> commits(History history) {
    Map<Integer, Integer> commits = new HashMap<>();
    Map<Process, Integer> waiting = new HashMap<>(); // process -> position of its ok add awaiting the release
    EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
      @Override
      public Op invoked(int position, Op invocation, Op stillOpen) {
        return invocation;
      }

      @Override
      public void completed(int position, Op completion, Op invocation) {
        if (invocation == null) return;
        if (LockOps.ADD.equals(completion.f()) && completion.type() == OpType.OK && LockOps.commitsWithRelease(invocation)) {
          commits.put(position, -1);
          waiting.put(completion.process(), position);
        } else if (LockOps.RELEASE.equals(completion.f())) {
          Integer add = waiting.remove(completion.process());
          if (add != null) commits.put(add, position);
        }
      }
    });
    return commits;
  }
}
