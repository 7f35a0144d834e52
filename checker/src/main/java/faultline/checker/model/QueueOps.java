package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the queue models ({@link FifoQueue}, {@link UnorderedQueue}) share: their functions and their pruning. */
final class QueueOps {
  private QueueOps() {}

  /**
   * Drops a crashed enqueue of v when no dequeue returned v: had it taken effect, v would only
   * have stood in the way (of a dequeue finding the queue empty, or of the head), so the
   * history is linearizable with it iff without it.
   */
  static List<Operation> withoutUnobservedEnqueues(List<Operation> operations) {
    Set<Object> dequeued = new HashSet<>();
    for (Operation op : operations) if (op.f().equals("dequeue") && !op.crashed()) dequeued.add(Model.held(op.output()));
    List<Operation> kept = new ArrayList<>(operations.size());
    for (Operation op : operations) {
      if (!(op.crashed() && op.f().equals("enqueue") && !dequeued.contains(Model.held(op.input())))) kept.add(op);
    }
    return kept.size() == operations.size() ? operations : kept;
  }

  /** How a witness names a queue op: what was enqueued, or what the dequeue found. */
  static String describe(Operation op) {
    if (op.f().equals("enqueue")) return "enqueue " + Values.show(op.input());
    if (op.crashed()) return "dequeue (crashed: element unknown)";
    return op.output() == null ? "dequeue finding the queue empty" : "dequeue " + Values.show(op.output());
  }

  /** Why {@code model} cannot take {@code op}, or null when it is an enqueue or a dequeue. */
  static String problem(String model, Operation op) {
    return switch (op.f()) {
      case "enqueue", "dequeue" -> null;
      default -> "the " + model + " model has no function " + op.f() + " (it knows enqueue, dequeue)";
    };
  }
}
