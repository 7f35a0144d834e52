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
 * <p>Real-time order: the file's order is the order of events, as Jepsen, Knossos and Elle read
 * it. Times, when every event has one, only refine it: at equal times invocations come before
 * completions, so intervals are closed and ops whose intervals touch are concurrent. Times that
 * contradict the file (a completion before its own invocation, a time earlier than the one before
 * it) and indices that do not increase are refused with their line: no known writer produces them
 * (faultline's recorder and Jepsen's interpreter take time and index in the order they write), so
 * they mean a damaged or hand-edited file, and silently reordering it would change the verdict.
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
    refuseContradictions(history);
    List<Op> ops = history.ops();
    int n = ops.size();
    int[] order = realTimeOrder(history);
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

  /**
   * Indices must increase through the file (gaps are fine), and times must not go back: an event's
   * time is at least that of the timed event before it, and a completion's at least its own
   * invocation's (said first, being the more telling).
   */
  private static void refuseContradictions(History history) throws MalformedHistoryException {
    List<Op> ops = history.ops();
    for (int i = 1; i < ops.size(); i++) {
      if (ops.get(i).index() <= ops.get(i - 1).index()) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i), "index " + ops.get(i).index() + " does not follow index "
            + ops.get(i - 1).index() + " on line " + history.lineOf(i - 1) + ": indices must increase through the file");
      }
    }
    EventPairs.all(history, new EventPairs.Visitor<Integer, MalformedHistoryException>() {
      @Override
      public Integer invoked(int i, Op op, Integer stillOpen) {
        return i;
      }

      @Override
      public void completed(int i, Op op, Integer call) throws MalformedHistoryException {
        Op invocation = call == null ? null : ops.get(call);
        if (invocation != null && op.hasTime() && invocation.hasTime() && op.time() < invocation.time()) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i), op.type().label() + " " + Values.escaped(op.f())
              + " of process " + op.process() + " at time " + op.time() + " is earlier than its own invocation at time "
              + invocation.time() + " (line " + history.lineOf(call) + ")");
        }
      }
    });
    int lastTimed = -1;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!op.hasTime()) continue;
      if (lastTimed >= 0 && op.time() < ops.get(lastTimed).time()) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i), "time " + op.time() + " is earlier than time "
            + ops.get(lastTimed).time() + " on line " + history.lineOf(lastTimed) + ": times must not go back in the file's order");
      }
      lastTimed = i;
    }
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

  /**
   * The events' positions in real-time order. With times: by time, invocations first at equal
   * times (closed intervals: touching means concurrent), then by position; since times never go
   * back (refused before), this only moves invocations ahead of completions of the same time.
   * Without: the file's order. Sorted as primitives (a merge sort that skips runs already in order, so a file that
   * is nearly in order costs little): a boxed sort with comparators took most of the pairing of
   * large histories under the C1-only JIT that small checks use.
   */
  private static int[] realTimeOrder(History history) {
    List<Op> ops = history.ops();
    int n = ops.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    if (!history.timed()) return order;
    long[] time = new long[n];
    boolean[] completes = new boolean[n];
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      Op op = ops.get(i);
      time[i] = op.time();
      completes[i] = op.type() != OpType.INVOKE;
      if (i > 0 && before(i, i - 1, time, completes)) sorted = false;
    }
    if (sorted) return order;
    mergeSort(order, new int[n], 0, n, time, completes);
    return order;
  }

  /** Whether event {@code a} comes strictly before event {@code b} in real time (ties: by position). */
  private static boolean before(int a, int b, long[] time, boolean[] completes) {
    if (time[a] != time[b]) return time[a] < time[b];
    if (completes[a] != completes[b]) return !completes[a];
    return a < b;
  }

  private static void mergeSort(int[] a, int[] scratch, int from, int to, long[] time, boolean[] completes) {
    if (to - from < 2) return;
    int mid = (from + to) >>> 1;
    mergeSort(a, scratch, from, mid, time, completes);
    mergeSort(a, scratch, mid, to, time, completes);
    if (!before(a[mid], a[mid - 1], time, completes)) return; // the halves are already in order
    System.arraycopy(a, from, scratch, from, to - from);
    int i = from, j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && !before(scratch[j], scratch[i], time, completes))) a[k] = scratch[i++];
      else a[k] = scratch[j++];
    }
  }
}
