package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.Objects;

/**
 * One key of a string key-value store with {@code get}, {@code put} and {@code append}, as in
 * Porcupine's kv tests. Keys are independent, so histories are split by key before this model
 * sees them; the state is the key's string (initially empty; a missing key reads as empty).
 */
public final class KeyValue implements Model<String> {
  private final String initial;

  public KeyValue(Object initial) {
    this.initial = initial == null ? "" : initial.toString();
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public String init() {
    return initial;
  }

  @Override
  public String step(String state, Operation op) {
    return switch (op.f()) {
      case "get" -> Objects.equals(state, text(op.output())) ? state : null;
      case "put" -> text(op.input());
      case "append" -> state + text(op.input());
      default -> throw new IllegalArgumentException(op.f());
    };
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("get");
  }

  @Override
  public String problem(Operation op) {
    return switch (op.f()) {
      case "get", "put", "append" -> null;
      default -> "the kv model has no function " + op.f() + " (it knows get, put, append)";
    };
  }

  @Override
  public String describeOperation(Operation op) {
    return switch (op.f()) {
      case "get" -> "get " + Values.show(text(op.output()));
      default -> op.f() + " " + Values.show(text(op.input()));
    };
  }

  @Override
  public String describeState(String state) {
    return "key " + Values.show(state);
  }
}
