package faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A history preprocessed as Jepsen does before any search: each invocation paired with its
 * completion; {@code fail} operations removed (they certainly did not happen); {@code info}
 * operations and invocations that never completed kept as crashed (they may take effect at any
 * time after their call, or never); nemesis events set aside (kept for reports, never searched).
 *
 * <p>Real-time order: when every event has a time, events are ordered by time with invocations
 * before completions at equal times, so intervals are closed and ops whose intervals touch are
 * concurrent. Without times, the order of the file is the order of events.
 */
public final class PairedHistory {
  private final History history;
  private final List<Operation> operations;
  private final List<Op> nemesisEvents;
  private final List<Operation> failedOperations;

  private PairedHistory(History history, List<Operation> operations, List<Op> nemesisEvents, List<Operation> failed) {
    this.history = history;
    this.operations = operations;
    this.nemesisEvents = nemesisEvents;
    this.failedOperations = failed;
  }

  public History history() {
    return history;
  }

  /** Operations that happened or may have happened, numbered densely in order of invocation. */
  public List<Operation> operations() {
    return operations;
  }

  public List<Op> nemesisEvents() {
    return nemesisEvents;
  }

  /** How many operations failed and were removed. */
  public int failed() {
    return failedOperations.size();
  }

  /** The operations that failed: removed from every search, kept so reports can show them. */
  public List<Operation> failedOperations() {
    return failedOperations;
  }

  public long crashed() {
    return operations.stream().filter(Operation::crashed).count();
  }

  /** Pairs the events of {@code history}, or says which line makes no sense. */
  public static PairedHistory of(History history) throws MalformedHistoryException {
    List<Op> ops = history.ops();
    long[] rank = realTimeRanks(history);

    record Pending(int position, Op op) {}
    Map<Process, Pending> pending = new HashMap<>();
    List<Op> nemesis = new ArrayList<>();
    // Operations are collected by invocation position, then numbered densely.
    Operation[] byInvocation = new Operation[ops.size()];
    List<Operation> failed = new ArrayList<>();

    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!op.process().isClient()) {
        nemesis.add(op);
        continue;
      }
      if (op.type() == OpType.INVOKE) {
        Pending earlier = pending.put(op.process(), new Pending(i, op));
        if (earlier != null) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i),
              "process " + op.process() + " invoked " + op.f() + " while its " + earlier.op().f()
                  + " invoked on line " + history.lineOf(earlier.position()) + " has not completed");
        }
        continue;
      }
      Pending call = pending.remove(op.process());
      if (call == null) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i),
            op.type().label() + " " + op.f() + " for process " + op.process() + ", which has no pending invocation");
      }
      if (!java.util.Objects.equals(call.op().f(), op.f())) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i),
            op.type().label() + " " + op.f() + " for process " + op.process() + " completes a different function, "
                + call.op().f() + " (invoked on line " + history.lineOf(call.position()) + ")");
      }
      switch (op.type()) {
        case FAIL -> failed.add(operation(call.op(), op, rank[call.position()], rank[i], op.value()));
        case OK -> byInvocation[call.position()] = operation(call.op(), op, rank[call.position()], rank[i], op.value());
        case INFO -> byInvocation[call.position()] = operation(call.op(), op, rank[call.position()], Operation.NEVER, null);
        default -> throw new AssertionError(op.type());
      }
    }
    // Invocations that never completed are crashed operations.
    for (Pending p : pending.values()) {
      byInvocation[p.position()] = operation(p.op(), null, rank[p.position()], Operation.NEVER, null);
    }

    // In order of invocation in real time (already so, and then sorting is linear, unless times
    // disagree with the file's order), numbered densely.
    List<Operation> operations = new ArrayList<>();
    for (Operation o : byInvocation) if (o != null) operations.add(o);
    operations.sort(Comparator.comparingLong(Operation::call));
    for (int i = 0; i < operations.size(); i++) operations.set(i, renumber(operations.get(i), i));
    return new PairedHistory(history, List.copyOf(operations), List.copyOf(nemesis), List.copyOf(failed));
  }

  private static Operation operation(Op invoke, Op completion, long call, long ret, Object output) {
    Object key = invoke.key() != null ? invoke.key() : completion == null ? null : completion.key();
    return new Operation(-1, invoke.process(), invoke.f(), key, invoke.value(), output, call, ret, invoke, completion);
  }

  private static Operation renumber(Operation o, int id) {
    return o.id() == id ? o : new Operation(id, o.process(), o.f(), o.key(), o.input(), o.output(), o.call(), o.ret(), o.invocation(), o.completion());
  }

  /** Whether the file's order already is real-time order (the usual case): no sort needed. */
  private static boolean inRealTimeOrder(List<Op> ops) {
    for (int i = 1; i < ops.size(); i++) {
      Op a = ops.get(i - 1), b = ops.get(i);
      if (a.time() > b.time()) return false;
      // At equal times an invocation must come first (closed intervals).
      if (a.time() == b.time() && a.type() != OpType.INVOKE && b.type() == OpType.INVOKE) return false;
    }
    return true;
  }

  /**
   * The rank of each event in real-time order. With times: by time, invocations first at equal
   * times (closed intervals: touching means concurrent). Without: the file's order.
   */
  private static long[] realTimeRanks(History history) {
    List<Op> ops = history.ops();
    long[] rank = new long[ops.size()];
    if (!history.timed() || inRealTimeOrder(ops)) {
      for (int i = 0; i < rank.length; i++) rank[i] = i;
      return rank;
    }
    Integer[] order = new Integer[ops.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> ops.get(i).time())
        .thenComparingInt(i -> ops.get(i).type() == OpType.INVOKE ? 0 : 1)
        .thenComparingInt(i -> i));
    for (int r = 0; r < order.length; r++) rank[order[r]] = r;
    return rank;
  }
}
