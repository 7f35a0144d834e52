package faultline.checker.txn;

import faultline.checker.history.EventPairs;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.RealTime;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A history of transactions: each invocation paired with its completion and its micro-ops parsed.
 *
 * <p>Two shapes are accepted. With invocations (faultline's runs, Jepsen's histories), real time
 * orders transactions: one that completed before another was invoked precedes it, real time being
 * the file's order ({@link RealTime}: times never reorder it). With
 * completions only (Elle's own tests and some tools write them so), nobody knows when a
 * transaction began, so there is no real-time order at all, as Elle treats them; each process's
 * order still holds, since a process runs one transaction at a time.
 */
public final class TxnHistory {
  private final String source;
  /** The general history; read only when asked for, after {@link TxnJsonlReader}. */
  private Supplier<History> general;
  private History history;
  private final List<Txn> txns;
  private final int[] realTime;
  /** What {@link TxnJsonlReader} read the micro-ops into, or null. */
  private final FlatMops flat;
  private final List<FaultWindows.Window> faultWindows;
  private final List<String> notes;

  private TxnHistory(History history, List<Txn> txns, int[] realTime) {
    this.source = history.source();
    this.history = history;
    this.txns = txns;
    this.realTime = realTime;
    this.flat = null;
    this.faultWindows = FaultWindows.of(history);
    this.notes = List.of();
  }

  private TxnHistory(String source, Supplier<History> general, List<Txn> txns, int[] realTime, FlatMops flat,
      List<FaultWindows.Window> faultWindows, List<String> notes) {
    this.notes = notes;
    this.source = source;
    this.general = general;
    this.txns = txns;
    this.realTime = realTime;
    this.flat = flat;
    this.faultWindows = faultWindows;
  }

  /** What {@link TxnJsonlReader} read: every transaction's micro-ops a view of {@code flat}. */
  static TxnHistory read(String source, Supplier<History> general, List<Txn> txns, int[] realTime, FlatMops flat,
      List<FaultWindows.Window> faultWindows, List<String> notes) {
    return new TxnHistory(source, general, txns, realTime, flat, faultWindows, notes);
  }

  /**
   * What {@link TxnJsonlReader} had to say about the file without refusing it (times that go
   * back), for the user; empty for a history read by the general readers, whose notes are theirs.
   */
  public List<String> notes() {
    return notes;
  }

  /** Where the history came from, for messages. */
  public String source() {
    return source;
  }

  /** Every event, as the general readers read them (after {@link TxnJsonlReader}, read again now). */
  public synchronized History history() {
    if (history == null) {
      history = general.get();
      general = null;
    }
    return history;
  }

  /** The nemesis' faults, for explanations. */
  public List<FaultWindows.Window> faultWindows() {
    return faultWindows;
  }

  /** The flat micro-ops every transaction's are a view of, or null when they are objects of their own. */
  FlatMops flat() {
    return flat;
  }

  /** Every transaction, failed ones included (their writes tell aborted reads), by id. */
  public List<Txn> txns() {
    return txns;
  }

  /** Whether real-time order is known (the history has invocations). */
  public boolean hasRealTime() {
    return realTime != null;
  }

  /**
   * Invocations and completions of the transactions that may have happened, in real-time order,
   * each as {@code 2 * id} (invoked) or {@code 2 * id + 1} (completed ok; crashed ones never
   * complete); null without real time.
   */
  int[] realTimeEvents() {
    return realTime;
  }

  public static TxnHistory of(History history) throws MalformedHistoryException {
    RealTime.refuseContradictions(history);
    List<Op> ops = history.ops();
    boolean completionsOnly = true;
    for (Op op : ops) {
      if (op.process().isClient() && op.type() == OpType.INVOKE) {
        completionsOnly = false;
        break;
      }
    }
    return completionsOnly ? completionsOnly(history) : paired(history);
  }

  private static TxnHistory completionsOnly(History history) throws MalformedHistoryException {
    List<Txn> txns = new ArrayList<>();
    List<Op> ops = history.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!op.process().isClient()) continue;
      List<MicroOp> mops = mops(history, i, op);
      if (op.type() != OpType.OK) mops = MicroOps.withoutReadValues(mops);
      txns.add(new Txn(txns.size(), op.process(), op.type(), mops, -1, op.index(), history.lineOf(i)));
    }
    return new TxnHistory(history, List.copyOf(txns), null);
  }

  private static TxnHistory paired(History history) throws MalformedHistoryException {
    List<Op> ops = history.ops();
    int n = ops.size();
    int[] completionOf = new int[n];
    Arrays.fill(completionOf, -1);
    List<MicroOp>[] mopsAt = newArray(n);
    List<Integer> neverCompleted = EventPairs.clients(history, new EventPairs.Visitor<Integer, MalformedHistoryException>() {
      @Override
      public Integer invoked(int i, Op op, Integer earlier) throws MalformedHistoryException {
        if (earlier != null) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i), "process " + op.process()
              + " invoked a transaction while its transaction invoked on line " + history.lineOf(earlier) + " has not completed");
        }
        return i;
      }

      @Override
      public void completed(int i, Op op, Integer call) throws MalformedHistoryException {
        if (call == null) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i),
              op.type().label() + " for process " + op.process() + ", which has no pending invocation");
        }
        completionOf[call] = i;
        // A committed transaction's completion says what its reads returned; a failed or crashed one's
        // reads tell nothing, so its invocation's micro-ops are what it tried.
        // Invocations are parsed only when their micro-ops are all there is (failed or crashed).
        if (op.type() == OpType.OK) {
          mopsAt[call] = mops(history, i, op);
          sameShape(history, i, ops.get(call).value(), mopsAt[call]);
        } else {
          mopsAt[call] = MicroOps.withoutReadValues(mops(history, call, ops.get(call)));
        }
      }
    });
    for (int position : neverCompleted) mopsAt[position] = MicroOps.withoutReadValues(mops(history, position, ops.get(position)));

    int[] order = RealTime.order(history);
    int[] txnAt = new int[n];
    Arrays.fill(txnAt, -1);
    List<Txn> txns = new ArrayList<>();
    for (int position : order) {
      Op op = ops.get(position);
      if (!op.process().isClient() || op.type() != OpType.INVOKE) continue;
      int done = completionOf[position];
      OpType outcome = done < 0 ? OpType.INFO : ops.get(done).type();
      int id = txns.size();
      txnAt[position] = id;
      if (done >= 0) txnAt[done] = id;
      txns.add(new Txn(id, op.process(), outcome, mopsAt[position], op.index(), done < 0 ? -1 : ops.get(done).index(),
          history.lineOf(done < 0 ? position : done)));
    }
    int[] events = new int[2 * txns.size()];
    int e = 0;
    for (int position : order) {
      int id = txnAt[position];
      if (id < 0) continue;
      Txn t = txns.get(id);
      if (t.failed()) continue;
      boolean completes = ops.get(position).type() != OpType.INVOKE;
      if (completes && !t.committed()) continue;
      events[e++] = 2 * id + (completes ? 1 : 0);
    }
    return new TxnHistory(history, List.copyOf(txns), Arrays.copyOf(events, e));
  }

  /**
   * A completion must describe the transaction its invocation began: the same steps on the same
   * keys. Compared on the invocation's plain value, which is parsed only when needed.
   */
  private static void sameShape(History history, int i, Object invoked, List<MicroOp> completed) throws MalformedHistoryException {
    boolean same = invoked instanceof List<?> steps && steps.size() == completed.size();
    for (int k = 0; same && k < completed.size(); k++) {
      same = ((List<?>) invoked).get(k) instanceof List<?> step && step.size() == 3
          && completed.get(k).kind() == MicroOp.Kind.ofLabel(step.get(0)) && completed.get(k).key().equals(step.get(1));
    }
    if (!same) {
      throw new MalformedHistoryException(history.source(), history.lineOf(i),
          "the completion's micro-ops " + completed + " are not those invoked, " + Values.show(invoked));
    }
  }

  private static List<MicroOp> mops(History history, int i, Op op) throws MalformedHistoryException {
    try {
      return MicroOps.parse(op.value());
    } catch (MicroOps.Malformed e) {
      String what = op.f() == null || op.f().equals("txn") ? "" : " (f " + op.f() + ")";
      throw new MalformedHistoryException(history.source(), history.lineOf(i), e.getMessage() + what);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<MicroOp>[] newArray(int n) {
    return (List<MicroOp>[]) new List<?>[n];
  }
}
