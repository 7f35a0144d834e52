package faultline.checker.txn;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
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
          if (isTxn(op)) for (MicroOp m : microOps(history, position, op)) if (isAppend(m)) loss.attempted(m.key(), element(history, position, m));
          return op;
        }

        @Override
        public void completed(int position, Op op, Op invocation) throws MalformedHistoryException {
          if (!isTxn(op) || op.type() == OpType.FAIL) return;
          // What was appended: the completion's micro-ops, or the invocation's when an info completion has none.
          Op told = op.value() == null && invocation != null ? invocation : op;
          for (MicroOp m : microOps(history, position, told)) {
            if (isAppend(m)) {
              long element = element(history, position, m);
              if (invocation == null) loss.attempted(m.key(), element); // a history of completions only
              if (op.type() == OpType.INFO) loss.uncertain(m.key(), element);
              else loss.acknowledged(m.key(), element, op);
            } else if (op.type() == OpType.OK && invocation != null && m.isRead() && m.value() instanceof Collection<?> elements) {
              loss.read(m.key(), elements, invocation, op);
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

  private static boolean isAppend(MicroOp m) {
    return m.kind() == MicroOp.Kind.APPEND;
  }

  /** The micro-ops as every transactional check parses them ({@link MicroOps}). */
  private static List<MicroOp> microOps(History history, int position, Op op) throws MalformedHistoryException {
    try {
      return MicroOps.parse(op.value());
    } catch (MicroOps.Malformed e) {
      throw malformed(history, position, e.getMessage());
    }
  }

  private static long element(History history, int position, MicroOp m) throws MalformedHistoryException {
    try {
      return FinalReadLoss.element(m.value());
    } catch (IllegalArgumentException e) {
      throw malformed(history, position, "micro-op " + m + ": " + e.getMessage());
    }
  }

  private static MalformedHistoryException malformed(History history, int position, String problem) {
    return new MalformedHistoryException(history.source(), history.lineOf(position), problem);
  }
}
