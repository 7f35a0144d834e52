package faultline.checker.txn;

import faultline.checker.history.Values;
import java.util.List;

/**
 * One step of a transaction, as Elle writes them: {@code [append k v]} and {@code [r k [v ...]]}
 * on lists, {@code [w k v]} and {@code [r k v]} on registers. A read's value is what it returned
 * (null in an invocation, or in a crashed transaction, where nobody knows).
 */
public record MicroOp(Kind kind, Object key, Object value) {

  public enum Kind {
    APPEND("append"),
    READ("r"),
    WRITE("w");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    static Kind ofLabel(Object f) {
      if (!(f instanceof String s)) return null;
      return switch (s) {
        case "append" -> APPEND;
        case "r", "read" -> READ;
        case "w", "write" -> WRITE;
        default -> null;
      };
    }
  }

  public boolean isRead() {
    return kind == Kind.READ;
  }

  public boolean isWrite() {
    return kind != Kind.READ;
  }

  /** A list read's elements (empty for nil, which Elle's lists read as empty). */
  @SuppressWarnings("unchecked")
  public List<Object> list() {
    return value == null ? List.of() : (List<Object>) value;
  }

  /** [append 7 3], as the history wrote it. */
  @Override
  public String toString() {
    return "[" + kind.label + " " + Values.show(key) + " " + Values.show(value) + "]";
  }

  /** As {@link #toString}, a long key or value cut (for explanations). */
  public String brief() {
    return "[" + kind.label + " " + Values.brief(key, "key") + " " + Values.brief(value, "value") + "]";
  }
}
