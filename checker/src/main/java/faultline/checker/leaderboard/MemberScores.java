package faultline.checker.leaderboard;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.counter.CounterChecker;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every member's score checked as a counter: a board's {@code incr [member n]} are a counter's
 * adds and its {@code score} reads the counter's reads, with the key {@code [board member]}, and
 * the {@link CounterChecker} judges them, so a score below what was acknowledged before the read
 * began is a lost update, named as the counter names it. A read of a member the board does not
 * have reads 0. Top reads are the {@link TopKChecker}'s.
 */
public final class MemberScores implements Checker {

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    Result counted = new CounterChecker().check(asCounters(history), budget);
    return new Result("member-scores", counted.verdict(), counted.summary(), counted.reason(), counted.explanations(), counted.witness(),
        counted.ruledOut(), counted.details(), counted.parts());
  }

  /** The history's increments and score reads as a counter history per member, at their own indices. */
  static History asCounters(History history) throws MalformedHistoryException {
    List<Op> out = new ArrayList<>();
    try {
      EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
        @Override
        public Op invoked(int position, Op op, Op stillOpen) {
          Op mapped = switch (op.f()) {
            case Leaderboard.INCR -> {
              Leaderboard.Entry e = Leaderboard.increment(op);
              yield counterOp(op, "add", e.member(), e.score());
            }
            case Leaderboard.SCORE -> counterOp(op, "read", op.value(), null);
            default -> null;
          };
          if (mapped != null) out.add(mapped);
          return mapped;
        }

        @Override
        public void completed(int position, Op op, Op invocation) {
          if (invocation == null) return;
          List<?> key = (List<?>) invocation.key();
          Object value = invocation.value(); // an add's amount
          if (invocation.f().equals("read")) {
            value = null;
            if (op.type() == OpType.OK) {
              Long score = Leaderboard.scoreRead(op).score();
              value = score == null ? 0L : score;
            }
          }
          out.add(counterOp(op, invocation.f(), key.get(1), value));
        }
      });
    } catch (IllegalArgumentException e) {
      throw Leaderboard.malformed(history, e);
    }
    return History.of(history.source(), out);
  }

  private static Op counterOp(Op op, String f, Object member, Object value) {
    return new Op(op.index(), op.time(), op.process(), op.type(), f, Arrays.asList(op.key(), member), value, op.error(), op.node());
  }
}
