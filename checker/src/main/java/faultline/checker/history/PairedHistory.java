package faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A history preprocessed as Jepsen does before any search: each invocation paired with its
 * completion; {@code fail} operations removed (they certainly did not happen); {@code info}
 * operations and invocations that never completed kept as crashed (they may take effect at any
 * time after their call, or never); nemesis events set aside (kept for reports, never searched).
 *
 * <p>Real-time order is {@link RealTime}'s: the file's order, as Jepsen, Knossos and Elle read it;
 * times never reorder it (at most, consecutive events of the very same time put invocations
 * first). Indices that do not increase and a completion timed before its own invocation are
 * refused with their line.
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
    RealTime.refuseContradictions(history);
    List<Op> ops = history.ops();
    int n = ops.size();
    int[] order = RealTime.order(history);
    long[] rank = new long[n];
    for (int r = 0; r < n; r++) rank[order[r]] = r;

    List<Op> nemesis = new ArrayList<>();
    for (Op op : ops) if (!op.process().isClient()) nemesis.add(op);
    // For each invocation that happened or may have: where it completed (ok or info), or
    // NO_COMPLETION; NOT_KEPT for everything else (completions, failed ops, nemesis events).
    int[] completion = new int[n];
    Arrays.fill(completion, NOT_KEPT);
    List<Operation> failed = new ArrayList<>();

    List<Integer> neverCompleted = EventPairs.clients(history, new EventPairs.Visitor<Integer, MalformedHistoryException>() {
      @Override
      public Integer invoked(int i, Op op, Integer earlier) throws MalformedHistoryException {
        if (earlier != null) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i),
              "process " + op.process() + " invoked " + op.f() + " while its " + ops.get(earlier).f()
                  + " invoked on line " + history.lineOf(earlier) + " has not completed");
        }
        return i;
      }

      @Override
      public void completed(int i, Op op, Integer call) throws MalformedHistoryException {
        if (call == null) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i),
              op.type().label() + " " + op.f() + " for process " + op.process() + ", which has no pending invocation");
        }
        Op invocation = ops.get(call);
        if (!Objects.equals(invocation.f(), op.f())) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i),
              op.type().label() + " " + op.f() + " for process " + op.process() + " completes a different function, "
                  + invocation.f() + " (invoked on line " + history.lineOf(call) + ")");
        }
        switch (op.type()) {
          case FAIL -> failed.add(operation(-1, invocation, op, rank[call], rank[i]));
          case OK, INFO -> completion[call] = i;
          default -> throw new AssertionError(op.type());
        }
      }
    });
    // Invocations that never completed are crashed operations.
    for (int position : neverCompleted) completion[position] = NO_COMPLETION;

    // In order of invocation in real time, numbered densely.
    List<Operation> operations = new ArrayList<>();
    for (int position : order) {
      int done = completion[position];
      if (done == NOT_KEPT) continue;
      Op end = done == NO_COMPLETION ? null : ops.get(done);
      operations.add(operation(operations.size(), ops.get(position), end, rank[position], end == null ? Operation.NEVER : rank[done]));
    }
    return new PairedHistory(history, List.copyOf(operations), List.copyOf(nemesis), List.copyOf(failed));
  }

  private static final int NOT_KEPT = -2;
  private static final int NO_COMPLETION = -1;

  /** An operation; an info completion leaves it open (it may take effect any time after its call). */
  private static Operation operation(int id, Op invoke, Op completion, long call, long ret) {
    Object key = invoke.key() != null ? invoke.key() : completion == null ? null : completion.key();
    boolean returned = completion != null && completion.type() != OpType.INFO;
    return new Operation(id, invoke.process(), invoke.f(), key, invoke.value(), returned ? completion.value() : null,
        call, returned ? ret : Operation.NEVER, invoke, completion);
  }
}
