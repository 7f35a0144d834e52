package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Knossos's multi-register: each op is a transaction {@code :txn} whose value is a list of
 * micro-ops {@code [:read k v]} and {@code [:write k v]} applied atomically. The state maps each
 * register to its value (nil when never written, unless an initial value is given).
 *
 * <p>Transactions that share no register are independent, so {@link #partition} splits the
 * history into groups connected by the registers they touch.
 */
public final class MultiRegister implements Model<Map<Object, Object>> {
  private final Object initial;

  public MultiRegister(Object initial) {
    this.initial = Model.held(initial);
  }

  @Override
  public String name() {
    return "multi-register";
  }

  @Override
  public Map<Object, Object> init() {
    return Map.of();
  }

  @Override
  public Map<Object, Object> step(Map<Object, Object> state, Operation op) {
    List<?> micro = (List<?>) op.value();
    Map<Object, Object> next = null;
    for (Object m : micro) {
      List<?> mop = (List<?>) m;
      Object k = mop.get(1);
      Object current = next != null ? next.getOrDefault(k, initial) : state.getOrDefault(k, initial);
      if (isRead(mop.get(0))) {
        // A crashed transaction's reads are unknown: they constrain nothing.
        if (!op.crashed() && !Objects.equals(current, Model.held(mop.get(2)))) return null;
      } else {
        if (next == null) next = new HashMap<>(state);
        next.put(k, Model.held(mop.get(2)));
      }
    }
    return next == null ? state : Map.copyOf(next);
  }

  private static boolean isRead(Object f) {
    return "read".equals(f) || "r".equals(f);
  }

  @Override
  public boolean isReadOnly(Operation op) {
    for (Object m : (List<?>) op.value()) if (!isRead(((List<?>) m).get(0))) return false;
    return true;
  }

  @Override
  public String problem(Operation op) {
    if (!op.f().equals("txn")) return "the multi-register model has no function " + op.f() + " (it knows txn)";
    if (!(op.value() instanceof List<?> micro)) return "txn needs a list of [:read k v] / [:write k v], got " + Values.show(op.value());
    for (Object m : micro) {
      if (!(m instanceof List<?> mop) || mop.size() != 3) return "txn micro-op must be [f k v], got " + Values.show(m);
      Object f = mop.get(0);
      if (!isRead(f) && !"write".equals(f) && !"w".equals(f)) return "txn micro-op must read or write, got " + Values.show(f);
    }
    return null;
  }

  @Override
  public List<List<Operation>> partition(List<Operation> operations) {
    // Union-find over registers: two transactions belong together when they share one.
    Map<Object, Object> parent = new HashMap<>();
    for (Operation op : operations) {
      Object first = null;
      for (Object m : (List<?>) op.value()) {
        Object k = ((List<?>) m).get(1);
        parent.putIfAbsent(k, k);
        if (first == null) first = k;
        else parent.put(find(parent, k), find(parent, first));
      }
    }
    Map<Object, List<Operation>> groups = new LinkedHashMap<>();
    for (Operation op : operations) {
      List<?> micro = (List<?>) op.value();
      Object root = micro.isEmpty() ? null : find(parent, ((List<?>) micro.get(0)).get(1));
      groups.computeIfAbsent(root, r -> new ArrayList<>()).add(op);
    }
    return List.copyOf(groups.values());
  }

  private static Object find(Map<Object, Object> parent, Object k) {
    Object root = k;
    while (!Objects.equals(parent.get(root), root)) root = parent.get(root);
    while (!Objects.equals(parent.get(k), root)) {
      Object up = parent.get(k);
      parent.put(k, root);
      k = up;
    }
    return root;
  }

  @Override
  public String describeOperation(Operation op) {
    return "txn " + Values.show(op.value());
  }

  @Override
  public String describeState(Map<Object, Object> state) {
    Map<Object, Object> shown = new TreeMap<>((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    shown.putAll(state);
    return "registers " + Values.show(shown);
  }
}
