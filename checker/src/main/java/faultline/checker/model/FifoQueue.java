package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A first-in first-out queue with {@code enqueue v} and {@code dequeue} (returning the element),
 * as Knossos's {@code fifo-queue}: a dequeue returns the element at the head. The state is the
 * queue's elements, head first.
 *
 * <p>Where faultline reads more than Knossos: a dequeue that completed {@code ok} with nil found
 * the queue empty (Knossos rejects every nil dequeue), and a crashed dequeue, whose element
 * nobody saw, removes the head if it took effect (Knossos, which reads its nil value, never lets
 * it take effect). A failed dequeue (Jepsen's clients fail a dequeue of an empty queue) is
 * dropped as every failed op is.
 */
public final class FifoQueue implements Model<List<Object>> {

  @Override
  public String name() {
    return "fifo-queue";
  }

  @Override
  public List<Object> init() {
    return List.of();
  }

  @Override
  public List<Object> step(List<Object> queue, Operation op) {
    switch (op.f()) {
      case "enqueue" -> {
        List<Object> next = new ArrayList<>(queue.size() + 1);
        next.addAll(queue);
        next.add(Model.held(op.input()));
        return List.copyOf(next);
      }
      case "dequeue" -> {
        if (op.crashed()) return queue.isEmpty() ? queue : List.copyOf(queue.subList(1, queue.size()));
        if (op.output() == null) return queue.isEmpty() ? queue : null;
        if (queue.isEmpty() || !Objects.equals(queue.getFirst(), op.output())) return null;
        return List.copyOf(queue.subList(1, queue.size()));
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
    return false;
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
  public String describeState(List<Object> queue) {
    return queue.isEmpty() ? "empty queue" : "queue " + Values.show(shown(queue)) + " (head first)";
  }

  @Override
  public String explainRejection(List<Object> queue, Operation op) {
    if (op.output() == null) return "can't find the queue empty: it holds " + Values.show(shown(queue));
    if (queue.isEmpty()) return "can't dequeue " + Values.show(op.output()) + " from an empty queue";
    return "can't dequeue " + Values.show(op.output()) + ": the head of the queue is " + Values.show(shown(queue).getFirst())
        + " (queue " + Values.show(shown(queue)) + ")";
  }

  static List<Object> shown(List<Object> queue) {
    return queue.stream().map(v -> v == NIL ? null : v).toList();
  }
}
