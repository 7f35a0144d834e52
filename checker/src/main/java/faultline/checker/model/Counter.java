package faultline.checker.model;

import faultline.checker.history.ExactIntegers;
import faultline.checker.history.OpType;
import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.math.BigInteger;

/**
 * A counter with {@code add d} and {@code read}: linearizable iff some order of the adds explains
 * every read exactly. (Jepsen's weaker bounds check lives with the other counter checkers.)
 *
 * <p>The state is exact (a BigInteger): a 64-bit sum would wrap, and a wrapped sum can make a
 * lost update look like a read that fits.
 */
public final class Counter implements Model<BigInteger> {
  private final BigInteger initial;

  public Counter(Object initial) {
    BigInteger exact = ExactIntegers.of(initial);
    this.initial = exact != null ? exact : BigInteger.ZERO;
  }

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public BigInteger init() {
    return initial;
  }

  @Override
  public BigInteger step(BigInteger state, Operation op) {
    return switch (op.f()) {
      case "add" -> state.add(ExactIntegers.of(op.input()));
      case "read" -> state.equals(ExactIntegers.of(op.output())) ? state : null;
      default -> throw new IllegalArgumentException(op.f());
    };
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public String problem(Operation op) {
    return switch (op.f()) {
      case "add" -> ExactIntegers.isInteger(op.input()) ? null : "add needs an integer, got " + Values.show(op.input());
      case "read" -> {
        if (op.output() == null) yield returned(op) ? "read returned nil; a counter read must return an integer" : null;
        yield ExactIntegers.isInteger(op.output()) ? null : "read must return an integer, got " + Values.show(op.output());
      }
      default -> "the counter model has no function " + Values.escaped(op.f()) + " (it knows add, read)";
    };
  }

  /** Whether the read completed ok: only then is its value what it read (a crashed read has none). */
  private static boolean returned(Operation op) {
    return op.completion() != null && op.completion().type() == OpType.OK;
  }

  @Override
  public String describeOperation(Operation op) {
    return op.f().equals("add") ? "add " + op.input() : "read " + Values.show(op.output());
  }

  @Override
  public String describeState(BigInteger state) {
    return "counter " + state;
  }
}
