package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set with {@code add x} and {@code read} (returning every element): linearizable iff some
 * order of the adds explains each read exactly. The state is an immutable set.
 */
public final class GrowSet implements Model<Set<Object>> {

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Set<Object> init() {
    return Set.of();
  }

  @Override
  public Set<Object> step(Set<Object> state, Operation op) {
    return switch (op.f()) {
      case "add" -> {
        if (state.contains(op.input())) yield state;
        Set<Object> next = new HashSet<>(state);
        next.add(op.input());
        yield Set.copyOf(next);
      }
      case "read" -> state.equals(asSet(op.output())) ? state : null;
      default -> throw new IllegalArgumentException(op.f());
    };
  }

  private static Set<Object> asSet(Object read) {
    return read == null ? Set.of() : new HashSet<>((Collection<?>) read);
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public String problem(Operation op) {
    return switch (op.f()) {
      case "add" -> op.input() == null ? "add needs an element" : null;
      case "read" -> op.output() == null || op.output() instanceof Collection<?> ? null
          : "read must return a collection, got " + Values.show(op.output());
      default -> "the set model has no function " + op.f() + " (it knows add, read)";
    };
  }

  @Override
  public String describeOperation(Operation op) {
    return op.f().equals("add") ? "add " + Values.show(op.input()) : "read " + Values.show(sorted(asSet(op.output())));
  }

  @Override
  public String describeState(Set<Object> state) {
    return "set " + Values.show(sorted(state));
  }

  private static Set<Object> sorted(Set<Object> s) {
    try {
      return new TreeSet<>(s);
    } catch (ClassCastException e) {
      return s;
    }
  }
}
