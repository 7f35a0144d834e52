package faultline.checker.format;

import java.util.List;
import java.util.Set;

/**
 * The function of an op that names none, where its value says it: a list of micro-ops
 * ({@code [append k v]}, {@code [r k v]}, {@code [w k v]}) is a transaction, as Elle reads the
 * histories of its own tests, which carry no {@code :f}. Anything else has no implied function,
 * and the reader refuses the op.
 */
final class ImpliedFunction {
  private static final Set<String> MICRO_OPS = Set.of("append", "r", "w");

  private ImpliedFunction() {}

  /** "txn" when {@code value} is a non-empty list of micro-ops, else null. */
  static String of(Object value) {
    if (!(value instanceof List<?> mops) || mops.isEmpty()) return null;
    for (Object mop : mops) {
      if (!(mop instanceof List<?> m) || m.size() != 3 || !(m.get(0) instanceof String f) || !MICRO_OPS.contains(f)) return null;
    }
    return "txn";
  }
}
