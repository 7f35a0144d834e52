package faultline.checker.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one definition of which invocation an event completes, as Jepsen pairs them: a process has
 * at most one operation in flight, so a completion ({@code ok}, {@code fail}, {@code info})
 * completes the invocation its process has open. Every pass over a history that needs pairs walks
 * it here, in file order, keeping whatever it needs about each open invocation.
 */
public final class EventPairs {
  private EventPairs() {}

  /**
   * What a walk does with events.
   *
   * @param <T> what is kept about an invocation until it completes
   * @param <E> what the visitor may throw (a reader's bad-input exception, or none)
   */
  public interface Visitor<T, E extends Exception> {

    /**
     * The invocation at {@code position}; returns what to keep until it completes.
     *
     * @param stillOpen what was kept for an earlier invocation of the same process that has not
     *     completed (a malformed history), or null
     */
    T invoked(int position, Op invocation, T stillOpen) throws E;

    /** The completion at {@code position}, with what was kept at its invocation, or null when its process had none open. */
    void completed(int position, Op completion, T invocation) throws E;
  }

  /** Walks the events of client processes (the nemesis's are skipped); returns what was kept for invocations never completed, in file order. */
  public static <T, E extends Exception> List<T> clients(History history, Visitor<T, E> visitor) throws E {
    return walk(history, true, visitor);
  }

  /** Walks every event, the nemesis's paired the same way; returns what was kept for invocations never completed. */
  public static <T, E extends Exception> List<T> all(History history, Visitor<T, E> visitor) throws E {
    return walk(history, false, visitor);
  }

  private static <T, E extends Exception> List<T> walk(History history, boolean clientsOnly, Visitor<T, E> visitor) throws E {
    List<Op> ops = history.ops();
    Map<Process, Open<T>> open = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (clientsOnly && !op.process().isClient()) continue;
      if (op.type() == OpType.INVOKE) {
        Open<T> earlier = open.get(op.process());
        open.put(op.process(), new Open<>(i, visitor.invoked(i, op, earlier == null ? null : earlier.kept())));
      } else {
        Open<T> call = open.remove(op.process());
        visitor.completed(i, op, call == null ? null : call.kept());
      }
    }
    // In file order of invocation: the caller may report the first.
    return open.values().stream().sorted(Comparator.comparingInt(Open::position)).map(Open::kept)
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private record Open<T>(int position, T kept) {}
}
