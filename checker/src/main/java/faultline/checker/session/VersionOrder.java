package faultline.checker.session;

import faultline.checker.history.Operation;
import faultline.checker.history.Process;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The order in which one key's values certainly took effect, as far as the history reveals it.
 * Only values written exactly once count (with duplicates a read cannot say which write it saw);
 * the initial value counts when nobody writes it again.
 *
 * <p>{@code u} is certainly older than {@code v} when a chain of these links leads from u to v:
 * <ul>
 *   <li>the initial value comes before every written value;
 *   <li>a cas from u to v that took effect (acknowledged, or crashed but v was read) put v right
 *       after u;
 *   <li>a process that wrote u and later v: its writes took effect in the order it made them.
 * </ul>
 * The last link assumes monotonic writes for the writer, so read-your-writes, monotonic reads and
 * writes-follow-reads violations are reported under that assumption; monotonic writes itself is
 * judged on a cycle, which needs a cas chain contradicting a process's order.
 *
 * <p>Real time between processes is deliberately not a link: sequential consistency, which
 * implies every session guarantee, does not respect it, and a session check that did would
 * reject histories a stronger model accepts.
 */
final class VersionOrder {
  private final Object initial;
  private final boolean initialUnique;
  private final Set<Object> unique = new HashSet<>();
  private final Map<Object, List<Object>> successors = new HashMap<>();
  private final Map<Object, Operation> writerOf = new HashMap<>();

  VersionOrder(String model, Object initial, List<Operation> ops) {
    this.initial = initial;
    Map<Object, Integer> writes = new HashMap<>();
    Set<Object> read = new HashSet<>();
    for (Operation op : ops) {
      Access a = Access.of(model, op);
      if (a.isWrite()) {
        writes.merge(a.value(), 1, Integer::sum);
        writerOf.put(a.value(), op);
      }
      if (a.isRead() && !op.crashed()) read.add(a.value());
    }
    writes.forEach((v, n) -> {
      if (n == 1 && !Objects.equals(v, initial)) unique.add(v);
    });
    this.initialUnique = !writes.containsKey(initial);

    Map<Process, Object> lastWrite = new LinkedHashMap<>();
    for (Operation op : ops) {
      Access a = Access.of(model, op);
      if (!a.isWrite()) continue;
      boolean tookEffect = !op.crashed() || read.contains(a.value());
      if (a.from() != null && tookEffect) link(a.from(), a.value());
      Object before = lastWrite.put(op.process(), a.value());
      if (before != null) link(before, a.value());
    }
  }

  private void link(Object u, Object v) {
    if (known(u) && known(v) && !u.equals(v)) successors.computeIfAbsent(u, x -> new ArrayList<>()).add(v);
  }

  /** Whether {@code v} can be placed in the order: written once, or the untouched initial value. */
  boolean known(Object v) {
    return unique.contains(v) || (initialUnique && Objects.equals(v, initial));
  }

  Operation writerOf(Object v) {
    return writerOf.get(v);
  }

  /** A chain of links from {@code u} to {@code v}, proving u certainly came first; null if none. */
  List<Object> chain(Object u, Object v) {
    if (!known(u) || !known(v) || u.equals(v)) return null;
    if (initialUnique && Objects.equals(u, initial)) return List.of(u, v);
    Map<Object, Object> cameFrom = new HashMap<>();
    ArrayDeque<Object> queue = new ArrayDeque<>();
    queue.add(u);
    cameFrom.put(u, u);
    while (!queue.isEmpty()) {
      Object x = queue.poll();
      for (Object y : successors.getOrDefault(x, List.of())) {
        if (cameFrom.containsKey(y)) continue;
        cameFrom.put(y, x);
        if (y.equals(v)) {
          List<Object> path = new ArrayList<>();
          for (Object at = v; !at.equals(u); at = cameFrom.get(at)) path.add(0, at);
          path.add(0, u);
          return path;
        }
        queue.add(y);
      }
    }
    return null;
  }
}
