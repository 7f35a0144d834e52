package faultline.checker.set;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import java.util.Collection;

/**
 * Checks a grow-only set history (ops {@code add e} and {@code read}, per key) as Jepsen's set
 * checker does, by each key's final read (its last successful read): an element whose add was
 * acknowledged before that read began must be in it (else it was lost), and no read may contain
 * an element nobody tried to add (else it is unexpected).
 *
 * <p>A key with acknowledged adds and no successful read cannot be judged: the verdict is then
 * unknown unless another key is invalid.
 */
public final class SetChecker implements Checker {

  public SetResult check(History history) {
    FinalReadLoss loss = new FinalReadLoss();
    EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
      @Override
      public Op invoked(int position, Op op, Op stillOpen) {
        if (op.f().equals("add")) loss.attempted(op.key(), FinalReadLoss.element(op.value()));
        return op;
      }

      @Override
      public void completed(int position, Op op, Op invocation) {
        if (invocation == null) return;
        if (op.type() == OpType.INFO && op.f().equals("add")) loss.uncertain(op.key(), FinalReadLoss.element(invocation.value()));
        if (op.type() != OpType.OK) return;
        switch (op.f()) {
          case "add" -> loss.acknowledged(op.key(), FinalReadLoss.element(invocation.value()), op);
          case "read" -> loss.read(op.key(), (Collection<?>) op.value(), invocation, op);
          default -> { /* not the set's */ }
        }
      }
    });
    return loss.result(history, "set", "add");
  }

  /** This checker under the common shape: no search, so the budget is not used. */
  @Override
  public Result check(History history, Budget budget) {
    return check(history).result();
  }
}
