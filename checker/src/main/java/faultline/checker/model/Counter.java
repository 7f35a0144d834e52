package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;

/**
 * A counter with {@code add d} and {@code read}: linearizable iff some order of the adds explains
 * every read exactly. (Jepsen's weaker bounds check lives with the other counter checkers.)
 */
public final class Counter implements Model<Long> {
  private final long initial;

  public Counter(Object initial) {
    this.initial = initial instanceof Long l ? l : 0L;
  }

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Long init() {
    return initial;
  }

  @Override
  public Long step(Long state, Operation op) {
    return switch (op.f()) {
      case "add" -> state + (Long) op.input();
      case "read" -> state.equals(op.output()) ? state : null;
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
      case "add" -> op.input() instanceof Long ? null : "add needs an integer, got " + Values.show(op.input());
      case "read" -> op.output() == null || op.output() instanceof Long ? null : "read must return an integer, got " + Values.show(op.output());
      default -> "the counter model has no function " + op.f() + " (it knows add, read)";
    };
  }

  @Override
  public String describeOperation(Operation op) {
    return op.f().equals("add") ? "add " + op.input() : "read " + Values.show(op.output());
  }

  @Override
  public String describeState(Long state) {
    return "counter " + state;
  }
}
