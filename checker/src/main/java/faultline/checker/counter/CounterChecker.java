package faultline.checker.counter;

import faultline.checker.Checker;
import faultline.checker.NothingToJudge;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.EventPairs;
import faultline.checker.history.ExactIntegers;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a counter history (ops {@code add d} and {@code read}, per key) as Jepsen's counter
 * checker does: every successful read must lie between what was certainly added before it began
 * and what may have been added before it ended.
 *
 * <p>Walking the events in order, per key: {@code lower} is the sum of acknowledged adds
 * ({@code ok}), {@code upper} the sum of adds invoked and not known to have failed ({@code ok},
 * {@code info} or still pending). A read invoked when {@code lower} was L and completed when
 * {@code upper} was U must return a value in [L, U]. Below L, acknowledged increments were lost
 * (a lost update); above U, the counter counted something nobody added.
 *
 * <p>A read within bounds may still only fit if some crashed ({@code info}) add took effect: its
 * value is above the sum of adds invoked before it ended that were acknowledged (then or later).
 * Such reads are counted: they are allowed, but they show crashed increments landing.
 *
 * <p>With no successful read there is nothing to judge: the verdict is unknown, never valid, unless
 * every operation failed (nothing took effect: valid, as {@link NothingToJudge} has it). Sums
 * are exact (BigInteger): a 64-bit sum would wrap and could put a lost update back in bounds.
 */
public final class CounterChecker implements Checker {

  public CounterResult check(History history) {
    Map<Object, BigInteger[]> bounds = new HashMap<>(); // key -> {lower, upper}
    Map<Object, Integer> readsPerKey = new LinkedHashMap<>();
    List<CounterError> errors = new ArrayList<>();
    int[] reads = {0};
    int[] crashDependent = {0};
    long[] outcomes = {0, 0, 0}; // invoked, ok, failed: the rest crashed or never completed
    Set<Long> acknowledgedAdds = acknowledgedAdds(history);
    Map<Object, BigInteger> acknowledgedUpper = new HashMap<>(); // key -> adds invoked so far that are (eventually) acknowledged

    EventPairs.clients(history, new EventPairs.Visitor<Pending, RuntimeException>() {
      @Override
      public Pending invoked(int position, Op op, Pending stillOpen) {
        BigInteger[] b = bounds(op);
        outcomes[0]++;
        if (op.f().equals("add")) {
          b[1] = b[1].add(amount(op));
          if (acknowledgedAdds.contains(op.index())) acknowledgedUpper.merge(op.key(), amount(op), BigInteger::add);
        }
        return new Pending(op, b[0]);
      }

      @Override
      public void completed(int position, Op op, Pending started) {
        if (started == null) return; // a completion without invocation: the reader's concern
        if (op.type() == OpType.OK) outcomes[1]++;
        else if (op.type() == OpType.FAIL) outcomes[2]++;
        BigInteger[] b = bounds(op);
        switch (op.f()) {
          case "add" -> {
            BigInteger d = amount(started.invocation());
            if (op.type() == OpType.OK) b[0] = b[0].add(d);
            else if (op.type() == OpType.FAIL) b[1] = b[1].subtract(d);
          }
          case "read" -> {
            if (op.type() != OpType.OK) return;
            reads[0]++;
            readsPerKey.merge(op.key(), 1, Integer::sum);
            BigInteger value = amount(op);
            if (value.compareTo(started.lowerAtInvoke()) < 0 || value.compareTo(b[1]) > 0) {
              errors.add(new CounterError(op.key(), op.process().label(), started.invocation().index(), op.index(),
                  value, started.lowerAtInvoke(), b[1]));
            } else if (value.compareTo(acknowledgedUpper.getOrDefault(op.key(), BigInteger.ZERO)) > 0) {
              crashDependent[0]++;
            }
          }
          default -> { /* other functions are not the counter's */ }
        }
      }

      private BigInteger[] bounds(Op op) {
        return bounds.computeIfAbsent(op.key(), k -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
      }
    });
    long ok = outcomes[1], failed = outcomes[2], info = outcomes[0] - ok - failed;
    Verdict verdict = !errors.isEmpty() ? Verdict.INVALID : reads[0] == 0 ? NothingToJudge.verdict(ok, info, failed) : Verdict.VALID;
    String reason = reads[0] == 0 && errors.isEmpty() ? NothingToJudge.reason(ok, info, failed, "successful read") : null;
    return new CounterResult(verdict, bounds.size(), reads[0], errors, crashDependent[0], reason);
  }

  /** The indices of invocations of adds that completed ok, found by pairing events per process. */
  private static Set<Long> acknowledgedAdds(History history) {
    Set<Long> out = new HashSet<>();
    EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
      @Override
      public Op invoked(int position, Op invocation, Op stillOpen) {
        return invocation;
      }

      @Override
      public void completed(int position, Op completion, Op invocation) {
        if (invocation != null && completion.type() == OpType.OK && completion.f().equals("add")) out.add(invocation.index());
      }
    });
    return out;
  }

  /** An add's amount or a read's value; readers and the counter model refuse anything else first. */
  private static BigInteger amount(Op op) {
    BigInteger exact = ExactIntegers.of(op.value());
    if (exact == null) {
      throw new IllegalArgumentException("event " + op.index() + ": " + op.f() + " needs an integer, got " + Values.show(op.value()));
    }
    return exact;
  }

  private record Pending(Op invocation, BigInteger lowerAtInvoke) {}

  /** This checker under the common shape: bounds need no search, so the budget is not used. */
  @Override
  public Result check(History history, Budget budget) {
    return check(history).result();
  }
}
