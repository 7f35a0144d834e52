package faultline.checker.txn;

import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Micro-ops from the plain values every history reader produces: a transaction's value is a list
 * of {@code [f k v]} triples, whether it came from JSONL, Jepsen EDN (keywords read as names) or
 * elle-cli's JSON. Parsing lives here, not in the readers, so every format gets the same rules.
 */
final class MicroOps {
  private MicroOps() {}

  /** Thrown with the offending micro-op (as the history wrote it) and why it is not one. */
  static final class Malformed extends Exception {
    Malformed(String problem) {
      super(problem, null, false, false);
    }
  }

  static List<MicroOp> parse(Object value) throws Malformed {
    if (!(value instanceof List<?> steps)) {
      throw new Malformed("value " + Values.show(value) + " is not a list of micro-ops such as [[append 1 2] [r 1 nil]]");
    }
    // An exact array behind a fixed-size view: a million transactions make millions of micro-ops,
    // and a copy per list (List.copyOf) was a tenth of the check.
    MicroOp[] mops = new MicroOp[steps.size()];
    for (int i = 0; i < mops.length; i++) mops[i] = one(steps.get(i));
    return java.util.Arrays.asList(mops); // fixed size; nothing sets its elements
  }

  private static MicroOp one(Object step) throws Malformed {
    if (!(step instanceof List<?> parts) || parts.size() != 3) {
      throw new Malformed("malformed micro-op " + Values.show(step) + " (expected [append k v], [r k v] or [w k v])");
    }
    MicroOp.Kind kind = MicroOp.Kind.ofLabel(parts.get(0));
    if (kind == null) {
      throw new Malformed("malformed micro-op " + Values.show(step) + ": unknown function " + Values.show(parts.get(0))
          + " (expected append, r or w)");
    }
    Object key = parts.get(1);
    if (key == null || key instanceof List<?> || key instanceof java.util.Map<?, ?> || key instanceof java.util.Set<?>) {
      throw new Malformed("malformed micro-op " + Values.show(step) + ": the key must be a number or a name");
    }
    Object value = parts.get(2);
    if (kind == MicroOp.Kind.APPEND && (value == null || value instanceof java.util.Collection<?>)) {
      throw new Malformed("malformed micro-op " + Values.show(step) + ": an append needs one element, not " + Values.show(value));
    }
    if (value instanceof java.util.Set<?> || value instanceof java.util.Map<?, ?>) {
      throw new Malformed("malformed micro-op " + Values.show(step) + ": a value must be a number, a name or (for reads of lists) a list");
    }
    return new MicroOp(kind, key, value);
  }

  /** The same micro-ops with every read's value forgotten: what a crashed transaction tells. */
  static List<MicroOp> withoutReadValues(List<MicroOp> mops) {
    List<MicroOp> out = new ArrayList<>(mops.size());
    for (MicroOp m : mops) out.add(m.isRead() && m.value() != null ? new MicroOp(m.kind(), m.key(), null) : m);
    return List.copyOf(out);
  }
}
