package faultline.checker.txn;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import faultline.checker.set.FinalReadLoss;
import faultline.checker.set.SetResult;
import java.util.Collection;
import java.util.List;

/**
 * Acknowledged appends that a list-append run's final reads do not show: Jepsen's set analysis
 * ({@link FinalReadLoss}) over the appends and reads inside transactions. Elle's cycle analysis
 * cannot see such a loss: an element no read ever shows has no place in any version order, so it
 * makes no edge. A run whose final phase reads every key once the faults have healed makes the
 * loss visible: the append of {@code v} to {@code k} was acknowledged before the final read of
 * {@code k} began, and that read (and any later one) lacks {@code v}.
 *
 * <p>The final read of a key is its last successful read with a known invocation. An {@code info}
 * transaction's appends may or may not have happened; those the final read shows are listed as
 * recovered. A key with acknowledged appends and no such read makes the verdict unknown.
 */
public final class LostAppendChecker implements Checker {
  public static final String NAME = "lost-appends";

  public SetResult check(History history) throws MalformedHistoryException {
    FinalReadLoss loss = new FinalReadLoss();
    try {
      EventPairs.clients(history, new EventPairs.Visitor<Op, MalformedHistoryException>() {
        @Override
        public Op invoked(int position, Op op, Op stillOpen) throws MalformedHistoryException {
          if (isTxn(op)) for (List<?> mop : microOps(history, position, op)) if (isAppend(mop)) loss.attempted(mop.get(1), element(history, position, mop));
          return op;
        }

        @Override
        public void completed(int position, Op op, Op invocation) throws MalformedHistoryException {
          if (!isTxn(op) || op.type() == OpType.FAIL) return;
          // What was appended: the completion's micro-ops, or the invocation's when an info completion has none.
          Op told = op.value() == null && invocation != null ? invocation : op;
          for (List<?> mop : microOps(history, position, told)) {
            if (isAppend(mop)) {
              long element = element(history, position, mop);
              if (invocation == null) loss.attempted(mop.get(1), element); // a history of completions only
              if (op.type() == OpType.INFO) loss.uncertain(mop.get(1), element);
              else loss.acknowledged(mop.get(1), element, op);
            } else if (op.type() == OpType.OK && invocation != null && mop.get(2) instanceof Collection<?> elements) {
              loss.read(mop.get(1), elements, invocation, op);
            }
          }
        }
      });
    } catch (IllegalArgumentException e) { // an element of a read that is not a whole number
      throw new MalformedHistoryException(history.source(), 0, e.getMessage());
    }
    return loss.result(history, NAME, "append");
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    return check(history).result();
  }

  private static boolean isTxn(Op op) {
    return "txn".equals(op.f());
  }

  private static boolean isAppend(List<?> mop) {
    return "append".equals(mop.get(0));
  }

  private static List<List<?>> microOps(History history, int position, Op op) throws MalformedHistoryException {
    if (!(op.value() instanceof List<?> steps)) throw malformed(history, position, "value " + Values.show(op.value()) + " is not a list of micro-ops");
    for (Object step : steps) {
      if (!(step instanceof List<?> mop) || mop.size() != 3) throw malformed(history, position, "malformed micro-op " + Values.show(step));
    }
    @SuppressWarnings("unchecked")
    List<List<?>> mops = (List<List<?>>) steps;
    return mops;
  }

  private static long element(History history, int position, List<?> mop) throws MalformedHistoryException {
    try {
      return FinalReadLoss.element(mop.get(2));
    } catch (IllegalArgumentException e) {
      throw malformed(history, position, "micro-op " + Values.show(mop) + ": " + e.getMessage());
    }
  }

  private static MalformedHistoryException malformed(History history, int position, String problem) {
    return new MalformedHistoryException(history.source(), history.lineOf(position), problem);
  }
}
