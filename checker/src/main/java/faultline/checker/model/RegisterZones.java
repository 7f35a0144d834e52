package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Linearizability of a read/write register whose writes all write distinct values, decided in
 * O(n log n) without any search (Gibbons and Korach, "Testing shared memories", 1997; the "zones"
 * of Golab, Li and Shah, 2011).
 *
 * <p>With unique values every read names the write it saw, so the ops on one value (its
 * <em>cluster</em>: the write and the reads of it) must be contiguous in any linearization, the
 * write first. A cluster's zone runs from the earliest completion in it to the latest invocation
 * in it; when the earliest completion comes first the zone is <em>forward</em> (the cluster
 * provably spans it), otherwise <em>backward</em>. The history is linearizable iff every read
 * completed after its write was invoked, no two forward zones overlap, and no backward zone lies
 * inside a forward zone. This is what lets histories with many concurrent
 * writers per key be decided where the search (ours and Porcupine's) explodes.
 *
 * <p>Crashed writes that some read observed certainly took effect: they are writes whose
 * completion never came (an infinite completion time). Unobserved crashed writes and crashed
 * reads were dropped before this runs. The initial value is a write at the beginning of time.
 */
final class RegisterZones {
  private static final long MINUS_INFINITY = Long.MIN_VALUE;

  private RegisterZones() {}

  /** Whether this decider applies: reads and writes only, every written value distinct and not the initial one. */
  static boolean applies(List<Operation> ops, Object initial) {
    Set<Object> written = new HashSet<>();
    for (Operation op : ops) {
      switch (op.f()) {
        case "read" -> {
          if (op.crashed()) return false;
        }
        case "write" -> {
          Object v = Model.held(op.input());
          if (v.equals(initial) || !written.add(v)) return false;
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** The zone check as a {@link Decider} for {@code model}, whose initial value is {@code initial}. */
  static Decider decider(Model<Object> model, Object initial) {
    return ops -> applies(ops, initial) ? Optional.of(check(ops, initial, model)) : Optional.empty();
  }

  /** Why the history is not linearizable (one sentence naming the ops), or {@link Decider.Decision#LINEARIZABLE}. */
  static Decider.Decision check(List<Operation> ops, Object initial, Model<Object> model) {
    // Clusters by value: index 0..k-1; the initial value's cluster has a virtual write.
    Map<Object, Integer> clusterOf = new HashMap<>();
    List<Operation> writeOf = new ArrayList<>();
    clusterOf.put(initial, 0);
    writeOf.add(null);
    for (Operation op : ops) {
      if (op.f().equals("write")) {
        clusterOf.put(Model.held(op.input()), writeOf.size());
        writeOf.add(op);
      }
    }
    int k = writeOf.size();
    long[] earliestEnd = new long[k];
    long[] latestStart = new long[k];
    Operation[] endOp = new Operation[k];
    Operation[] startOp = new Operation[k];
    Arrays.fill(earliestEnd, Long.MAX_VALUE);
    Arrays.fill(latestStart, Long.MIN_VALUE);
    boolean[] hasOps = new boolean[k];
    earliestEnd[0] = MINUS_INFINITY; // the initial value was written before everything
    latestStart[0] = MINUS_INFINITY;
    for (Operation op : ops) {
      int c;
      if (op.f().equals("write")) {
        c = clusterOf.get(Model.held(op.input()));
      } else {
        Integer found = clusterOf.get(Model.held(op.output()));
        if (found == null) {
          return new Decider.Decision(op, model.describeOperation(op) + ": no operation wrote that value");
        }
        c = found;
        Operation w = writeOf.get(c);
        if (w != null && op.ret() < w.call()) {
          return new Decider.Decision(op, model.describeOperation(op) + " completed before " + name(w, model) + " was even invoked");
        }
      }
      hasOps[c] = true;
      if (op.ret() < earliestEnd[c]) {
        earliestEnd[c] = op.ret();
        endOp[c] = op;
      }
      if (op.call() > latestStart[c]) {
        latestStart[c] = op.call();
        startOp[c] = op;
      }
    }
    // Forward zones [earliestEnd, latestStart], sorted by where they begin; backward zones the rest.
    List<Integer> forward = new ArrayList<>();
    List<Integer> backward = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (c == 0 && !hasOps[0]) continue; // nobody read the initial value: no constraint
      if (earliestEnd[c] < latestStart[c]) forward.add(c);
      else backward.add(c);
    }
    forward.sort((a, b) -> Long.compare(earliestEnd[a], earliestEnd[b]));
    for (int i = 1; i < forward.size(); i++) {
      int a = forward.get(i - 1), b = forward.get(i);
      if (earliestEnd[b] < latestStart[a]) {
        return new Decider.Decision(startOp[a], "the operations on " + value(a, writeOf, initial, model) + " and on " + value(b, writeOf, initial, model)
            + " overlap in a way no order allows: " + name(endOp[b], model) + " completed before " + name(startOp[a], model)
            + " was invoked, and " + name(endOp[a], model) + " completed before " + name(startOp[b], model)
            + " was invoked, so each value's write and reads would have to come both before and after the other's");
      }
    }
    long[] forwardStarts = new long[forward.size()];
    for (int i = 0; i < forward.size(); i++) forwardStarts[i] = earliestEnd[forward.get(i)];
    for (int b : backward) {
      // The only forward zone that could contain [latestStart, earliestEnd] of b begins just before it.
      int i = Arrays.binarySearch(forwardStarts, latestStart[b]);
      int candidate = i >= 0 ? i - 1 : -i - 2;
      if (candidate < 0) continue;
      int f = forward.get(candidate);
      if (earliestEnd[f] < latestStart[b] && earliestEnd[b] < latestStart[f]) {
        return new Decider.Decision(startOp[f], name(writeOf.get(b) != null ? writeOf.get(b) : endOp[b], model) + " happened entirely after "
            + name(endOp[f], model) + " completed and before " + name(startOp[f], model) + " was invoked; both are operations on "
            + value(f, writeOf, initial, model) + ", which must follow each other with no other write between them");
      }
    }
    return Decider.Decision.LINEARIZABLE;
  }

  private static String value(int c, List<Operation> writeOf, Object initial, Model<Object> model) {
    Operation w = writeOf.get(c);
    return w == null ? "the initial value " + Values.show(initial == Model.NIL ? null : initial)
        : "value " + Values.show(w.input());
  }

  /** An op by process and events; null stands for the initial value, written before everything. */
  private static String name(Operation op, Model<Object> model) {
    if (op == null) return "the initial value's write (before everything)";
    return op.named(model.describeOperation(op));
  }
}
