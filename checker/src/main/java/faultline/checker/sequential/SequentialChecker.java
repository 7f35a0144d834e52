package faultline.checker.sequential;

import faultline.checker.Verdict;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a register or key-value history is sequentially consistent: whether one total
 * order of its operations, keeping each process's own order, is accepted by the model. Unlike
 * linearizability, real time between processes does not constrain: a stale read is allowed as
 * long as its process never saw anything newer.
 *
 * <p>Sequential consistency is not compositional: every key can be sequentially consistent on its
 * own while the history as a whole is not (two processes may disagree on the order of writes to
 * two keys). So the history is split only where nothing links the parts: into groups of processes
 * and keys connected by some operation. A group with one key is searched once; a group with
 * several keys is first searched key by key (any key that fails rules the whole history out,
 * because the restriction of a valid total order to one key is valid) and then as a whole.
 *
 * <p>Crashed reads are dropped (they changed nothing and returned nothing known); crashed writes
 * that nothing observed are pruned as the model says ({@link Model#withoutUnobservable}); other
 * crashed ops may take effect or not. Out of time or memory: {@code UNKNOWN}, never valid.
 */
public final class SequentialChecker {

  public <S> SequentialResult check(PairedHistory history, Model<S> model, Budget budget) {
    return check(history.operations(), model, budget);
  }

  public <S> SequentialResult check(List<Operation> operations, Model<S> model, Budget budget) {
    for (Operation op : operations) {
      String problem = model.problem(op);
      if (problem != null) return new SequentialResult(Verdict.UNKNOWN, operations.size(), 0, null, problem, 0);
    }
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : operations) {
      if (op.crashed() && model.isReadOnly(op)) continue;
      byKey.computeIfAbsent(SequentialSearch.keyOf(op), k -> new ArrayList<>()).add(op);
    }
    List<Operation> kept = new ArrayList<>();
    byKey.values().forEach(ops -> kept.addAll(model.withoutUnobservable(ops)));
    kept.sort(Comparator.comparingLong(Operation::call));

    List<List<Operation>> groups = groups(kept);
    Verdict verdict = Verdict.VALID;
    String reason = null;
    long explored = 0;
    for (List<Operation> group : groups) {
      SequentialOutcome o = checkGroup(group, model, budget);
      explored += o.explored();
      if (o.verdict() == Verdict.INVALID) {
        return new SequentialResult(Verdict.INVALID, operations.size(), groups.size(), o.witness(), null, explored);
      }
      if (o.verdict() == Verdict.UNKNOWN && reason == null) reason = o.reason();
      verdict = verdict.and(o.verdict());
    }
    return new SequentialResult(verdict, operations.size(), groups.size(), null, reason, explored);
  }

  private static <S> SequentialOutcome checkGroup(List<Operation> group, Model<S> model, Budget budget) {
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : group) byKey.computeIfAbsent(SequentialSearch.keyOf(op), k -> new ArrayList<>()).add(op);
    if (byKey.size() > 1) {
      long explored = 0;
      for (List<Operation> ops : byKey.values()) {
        SequentialOutcome o = new SequentialSearch<>(model, ops, budget).run();
        explored += o.explored();
        if (o.verdict() == Verdict.INVALID) return o;
      }
      SequentialOutcome whole = new SequentialSearch<>(model, group, budget).run();
      if (whole.verdict() == Verdict.UNKNOWN) {
        return new SequentialOutcome(Verdict.UNKNOWN, null, whole.reason() + " while searching " + byKey.size()
            + " keys together (each key alone is sequentially consistent, but the property does not compose)",
            group.size(), explored + whole.explored());
      }
      return whole;
    }
    return new SequentialSearch<>(model, group, budget).run();
  }

  /** Operations grouped by connected processes and keys (union-find over both). */
  private static List<List<Operation>> groups(List<Operation> ops) {
    Map<Object, Object> parent = new HashMap<>();
    for (Operation op : ops) {
      Object p = new ProcessNode(op.process());
      Object k = new KeyNode(SequentialSearch.keyOf(op));
      parent.putIfAbsent(p, p);
      parent.putIfAbsent(k, k);
      Object rp = find(parent, p), rk = find(parent, k);
      if (!rp.equals(rk)) parent.put(rp, rk);
    }
    Map<Object, List<Operation>> groups = new LinkedHashMap<>();
    for (Operation op : ops) {
      groups.computeIfAbsent(find(parent, new KeyNode(SequentialSearch.keyOf(op))), r -> new ArrayList<>()).add(op);
    }
    return List.copyOf(groups.values());
  }

  private record ProcessNode(Process process) {}

  private record KeyNode(Object key) {}

  private static Object find(Map<Object, Object> parent, Object x) {
    Object root = x;
    while (!parent.get(root).equals(root)) root = parent.get(root);
    while (!parent.get(x).equals(root)) {
      Object up = parent.get(x);
      parent.put(x, root);
      x = up;
    }
    return root;
  }
}
