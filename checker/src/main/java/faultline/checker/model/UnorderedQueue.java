package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue that does not order its pending elements, as Knossos's {@code unordered-queue}: a
 * dequeue returns any element enqueued and not yet dequeued, each as often as it was enqueued.
 * The state is the multiset of pending elements (element to count).
 *
 * <p>A dequeue that completed {@code ok} with nil found the queue empty (Knossos rejects every nil
 * dequeue). A crashed dequeue, whose element nobody saw, is taken never to have happened, as
 * Knossos takes it: taking an element never makes a later dequeue of an element possible, so
 * this loses nothing there; but a later dequeue that finds the queue empty may need it to have
 * taken something, and is then called a violation where it is not (which element it took is a
 * choice this model's single next state cannot make).
 */
public final class UnorderedQueue implements Model<Map<Object, Integer>> {

  @Override
  public String name() {
    return "unordered-queue";
  }

  @Override
  public Map<Object, Integer> init() {
    return Map.of();
  }

  @Override
  public Map<Object, Integer> step(Map<Object, Integer> pending, Operation op) {
    switch (op.f()) {
      case "enqueue" -> {
        Map<Object, Integer> next = new HashMap<>(pending);
        next.merge(Model.held(op.input()), 1, Integer::sum);
        return Map.copyOf(next);
      }
      case "dequeue" -> {
        if (op.crashed()) return pending;
        if (op.output() == null) return pending.isEmpty() ? pending : null;
        Object v = op.output();
        Integer n = pending.get(v);
        if (n == null) return null;
        Map<Object, Integer> next = new HashMap<>(pending);
        if (n == 1) next.remove(v); else next.put(v, n - 1);
        return Map.copyOf(next);
      }
      default -> throw new IllegalArgumentException(op.f());
    }
  }

  /** See {@link QueueOps#withoutUnobservedEnqueues}. */
  @Override
  public List<Operation> withoutUnobservable(List<Operation> operations) {
    return QueueOps.withoutUnobservedEnqueues(operations);
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("dequeue") && op.crashed();
  }

  @Override
  public String problem(Operation op) {
    return QueueOps.problem(name(), op);
  }

  @Override
  public String describeOperation(Operation op) {
    return QueueOps.describe(op);
  }

  @Override
  public String describeState(Map<Object, Integer> pending) {
    return pending.isEmpty() ? "empty queue" : "queue holding " + shown(pending);
  }

  @Override
  public String explainRejection(Map<Object, Integer> pending, Operation op) {
    if (op.output() == null) return "can't find the queue empty: it holds " + shown(pending);
    return "can't dequeue " + Values.show(op.output()) + ": " + (pending.isEmpty() ? "the queue is empty"
        : "no " + Values.show(op.output()) + " is pending (the queue holds " + shown(pending) + ")");
  }

  /** The pending elements as {1, 2 x3}, sorted when they can be. */
  private static String shown(Map<Object, Integer> pending) {
    Map<String, Integer> sorted = new TreeMap<>();
    pending.forEach((v, n) -> sorted.put(Values.show(v == NIL ? null : v), n));
    StringBuilder out = new StringBuilder("{");
    sorted.forEach((v, n) -> out.append(out.length() > 1 ? ", " : "").append(v).append(n > 1 ? " x" + n : ""));
    return out.append('}').toString();
  }
}
