package faultline.checker.txn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of a list-append history as longs, so that the inference compares and hashes
 * primitives instead of boxed objects (a million transactions read about ten million elements).
 * When every appended and read value is an integer, as Elle's and faultline's generators write
 * them, a value is its own code; otherwise every value gets a dense number, and equal values (by
 * {@code equals}) get the same one, so comparing codes is comparing values either way.
 */
final class ValueCodes {
  /** Null when values are their own codes. */
  private final Map<Object, Long> numbers;
  private final List<Object> values;
  private final List<Integer> hashes;

  private ValueCodes(boolean integers) {
    numbers = integers ? null : new HashMap<>();
    values = integers ? null : new ArrayList<>();
    hashes = integers ? null : new ArrayList<>();
  }

  /** Codes for the values of these transactions' list micro-ops. */
  static ValueCodes of(List<Txn> txns) {
    for (Txn t : txns) {
      for (MicroOp m : t.mops()) {
        if (m.isRead()) {
          if (m.value() instanceof List<?> read) for (Object e : read) if (!(e instanceof Long)) return new ValueCodes(false);
        } else if (!(m.value() instanceof Long)) {
          return new ValueCodes(false);
        }
      }
    }
    return new ValueCodes(true);
  }

  /** Codes for values that are all integers (their own codes). */
  static ValueCodes integers() {
    return new ValueCodes(true);
  }

  long code(Object value) {
    if (numbers == null) return (Long) value;
    Long code = numbers.get(value);
    if (code != null) return code;
    code = (long) values.size();
    numbers.put(value, code);
    values.add(value);
    hashes.add(Objects.hashCode(value));
    return code;
  }

  /** The value a code stands for. */
  Object value(long code) {
    return numbers == null ? (Object) code : values.get((int) code);
  }

  /** The value's own hash code (tables keyed by codes then lay out as they would keyed by values). */
  int hash(long code) {
    return numbers == null ? Long.hashCode(code) : hashes.get((int) code);
  }
}
