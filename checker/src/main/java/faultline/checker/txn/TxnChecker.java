package faultline.checker.txn;

import static faultline.checker.consistency.ConsistencyModels.Family.TRANSACTIONAL;

import faultline.checker.consistency.ConsistencyModels;
import faultline.checker.NothingToJudge;
import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Elle-class checker: infers dependencies from what transactions observed, finds the
 * anomalies they form, and judges every transactional consistency model of {@link ConsistencyModels}.
 *
 * <p>A model is valid when no anomaly it forbids was found among those looked for, invalid when
 * one was, and unknown when one it forbids was not decided: the check ran out of its time or
 * memory budget, or {@code --anomalies} left it out. Never valid on a search that did not finish.
 * The budget is checked between the phases (inference, graph, cycle search) and throughout the
 * search; the memory of the inference, the graph and the search states is reserved before each
 * is made, from its size, so a small memory budget says unknown before the memory is taken.
 */
public final class TxnChecker {

  /**
   * @param workload null to guess it from the micro-ops
   * @param models the models whose verdict is the result's (Elle's default: strict-serializable); null
   *     to judge by {@code anomalies} alone: invalid when any of them is found
   * @param anomalies the anomalies to look for (with those implying them, as Elle expands them, and
   *     those the models forbid); null for all
   * @param timeLimit the cycle search's budget; null for none
   * @param orders what orders a register's versions (rw-register only)
   */
  public record Options(TxnWorkload workload, List<String> models, Set<String> anomalies, Duration timeLimit, KeyOrders orders) {
    public Options(TxnWorkload workload, List<String> models, Set<String> anomalies, Duration timeLimit) {
      this(workload, models, anomalies, timeLimit, KeyOrders.NONE);
    }

    public static Options defaults() {
      return new Options(null, List.of("strict-serializable"), null, null);
    }
  }

  private TxnChecker() {}

  /** -Dfaultline.txn.timing=true prints where a check's time went (for bench/). */
  private static final boolean TIMING = Boolean.getBoolean("faultline.txn.timing");

  /** Bytes the inference may hold per transaction and per micro-op (its indexes of writes, reads and versions). */
  private static final long INFERENCE_BYTES_PER_TXN = 64, INFERENCE_BYTES_PER_MOP = 96;

  /** The workload the micro-ops show ({@link TxnWorkload#guess}); refused when both lists and registers appear. */
  public static TxnWorkload guess(TxnHistory history) throws MalformedHistoryException {
    // Flat micro-ops are appends and reads of lists or nil only: list-append, as guess would say.
    TxnWorkload workload = history.flat() != null ? TxnWorkload.LIST_APPEND : TxnWorkload.guess(history.txns());
    if (workload == null) {
      throw new MalformedHistoryException(history.source(), 0,
          "both list (append, reads of lists) and register (w, reads of single values) micro-ops appear; say --model");
    }
    return workload;
  }

  public static TxnResult check(TxnHistory history, Options options) throws MalformedHistoryException {
    return check(history, options, Budget.of(options.timeLimit(), 0));
  }

  /** As above, within {@code budget} (its time, memory and cancellation) rather than {@code options.timeLimit()}. */
  public static TxnResult check(TxnHistory history, Options options, Budget budget) throws MalformedHistoryException {
    long started = System.nanoTime();
    TxnWorkload workload = options.workload() != null ? options.workload() : guess(history);
    if (workload == TxnWorkload.BANK) throw new IllegalArgumentException("bank histories are checked by BankChecker");
    if (workload == TxnWorkload.LONG_FORK) return LongForkChecker.check(history, budget);
    String nothing = nothingToJudge(history.txns());
    if (nothing != null) return nothingToJudge(workload, history, options, nothing, started);
    long mops = 0;
    for (Txn t : history.txns()) mops += t.mops().size();
    String over = overBudget(budget, history.txns().size() * INFERENCE_BYTES_PER_TXN + mops * INFERENCE_BYTES_PER_MOP,
        "the inference of " + history.txns().size() + " transactions");
    if (over != null) return outOfBudget(workload, history, options, over, started);
    Inference inference = switch (workload) {
      case LIST_APPEND -> ListAppendAnalysis.of(history);
      case RW_REGISTER -> RwRegisterAnalysis.of(history, options.orders(), budget.deadlineNanos());
      case LONG_FORK, BANK -> throw new IllegalStateException();
    };
    long inferred = System.nanoTime();
    Set<String> wanted = wanted(options);
    Map<String, List<Anomaly>> found = new LinkedHashMap<>();
    for (Anomaly a : inference.anomalies()) if (wanted.contains(a.type())) found.computeIfAbsent(a.type(), x -> new ArrayList<>()).add(a);

    // Past the budget, what the inference found still decides; the cycles are left undecided.
    String stop = stopped(budget);
    DependencyGraph graph = null;
    if (stop == null) {
      DependencyGraph.Builder edges = inference.edges();
      OrderEdges.process(history.txns(), edges);
      OrderEdges.realTime(history, edges);
      stop = overBudget(budget, edges.builtBytes(), "the dependency graph");
      if (stop == null) graph = edges.build();
    }
    long built = System.nanoTime();
    if (stop == null) stop = stopped(budget);
    CycleSearch.Found cycles = stop == null ? new CycleSearch(graph, budget).search(wanted) : CycleSearch.Found.notSearched(wanted, stop);
    List<Txn> txns = history.txns();
    cycles.cycles().forEach((type, list) -> {
      for (int[][] cycle : list) found.computeIfAbsent(type, x -> new ArrayList<>()).add(Anomaly.cycle(type, steps(inference, txns, cycle)));
    });

    if (TIMING) {
      System.err.printf("txn: inference %d ms, graph %d ms, cycles %d ms%n", (inferred - started) / 1_000_000,
          (built - inferred) / 1_000_000, (System.nanoTime() - built) / 1_000_000);
    }
    Set<String> undecided = new LinkedHashSet<>(cycles.undecided());
    String reason = cycles.reason();
    boolean inferenceUndecided = false;
    for (String a : inference.undecided()) {
      if (wanted.contains(a) && !found.containsKey(a)) {
        undecided.add(a);
        inferenceUndecided = true;
      }
    }
    // Both may have run out: say each, the inference's dropped orders first.
    if (inferenceUndecided) reason = reason == null ? inference.undecidedReason() : inference.undecidedReason() + "; " + reason;
    Set<String> notSearched = new LinkedHashSet<>(ConsistencyModels.anomalyNames());
    notSearched.removeAll(wanted);
    List<ModelOutcome> models = new ArrayList<>();
    List<String> ruledOut = new ArrayList<>();
    List<String> possible = new ArrayList<>();
    for (String m : ConsistencyModels.names(TRANSACTIONAL)) {
      Set<String> forbidden = ConsistencyModels.forbiddenBy(m);
      List<String> seen = new ArrayList<>();
      for (String type : found.keySet()) if (forbidden.contains(type)) seen.add(type);
      if (!seen.isEmpty()) {
        models.add(new ModelOutcome(m, Verdict.INVALID, seen, null));
        ruledOut.add(m);
        continue;
      }
      List<String> open = new ArrayList<>();
      for (String a : forbidden) if (undecided.contains(a)) open.add(a);
      List<String> skipped = new ArrayList<>();
      for (String a : forbidden) if (notSearched.contains(a) && !isUndetectable(a, inference.lists())) skipped.add(a);
      if (!open.isEmpty()) {
        models.add(new ModelOutcome(m, Verdict.UNKNOWN, List.of(), "undecided " + String.join(", ", open) + ": " + reason));
      } else if (!skipped.isEmpty()) {
        models.add(new ModelOutcome(m, Verdict.UNKNOWN, List.of(), "not looked for (--anomalies): " + String.join(", ", skipped)));
      } else {
        models.add(new ModelOutcome(m, Verdict.VALID, List.of(), null));
        possible.add(m);
      }
    }
    Verdict verdict = Verdict.VALID;
    if (options.models() != null) {
      for (String m : options.models()) {
        for (ModelOutcome o : models) if (o.model().equals(m)) verdict = verdict.and(o.verdict());
      }
    } else {
      verdict = !found.isEmpty() ? Verdict.INVALID : undecided.isEmpty() ? Verdict.VALID : Verdict.UNKNOWN;
    }
    List<String> not = ConsistencyModels.weakest(ruledOut);
    List<String> alsoNot = new ArrayList<>(ruledOut);
    alsoNot.removeAll(not);
    int[] outcomes = outcomes(txns);
    boolean anyUnknown = models.stream().anyMatch(o -> o.verdict() == Verdict.UNKNOWN);
    return new TxnResult(workload, verdict, requested(options), outcomes[0], outcomes[1], outcomes[2], found, models, not, alsoNot,
        ConsistencyModels.strongest(possible), anyUnknown ? (reason != null ? reason : "some anomalies were not looked for (--anomalies)") : null,
        history.faultWindows(), Math.round((System.nanoTime() - started) / 1e4) / 100.0);
  }

  /** How many transactions committed, crashed and failed. */
  private static int[] outcomes(List<Txn> txns) {
    int[] out = new int[3];
    for (Txn t : txns) {
      switch (t.outcome()) {
        case OK -> out[0]++;
        case INFO -> out[1]++;
        default -> out[2]++;
      }
    }
    return out;
  }

  private static List<String> requested(Options options) {
    return options.models() != null ? List.copyOf(options.models()) : List.of("free of " + String.join(", ", options.anomalies()));
  }

  /** Why the history gives nothing to judge (no transaction, or none that may have taken effect), or null. */
  private static String nothingToJudge(List<Txn> txns) {
    int[] o = outcomes(txns);
    return o[0] + o[1] > 0 ? null : NothingToJudge.reason(o[0], o[1], o[2], "transaction");
  }

  /** Why the check must stop before its next phase (out of time, or cancelled), or null. */
  private static String stopped(Budget budget) {
    return budget.cancelled() ? "the cycle search was cancelled" : budget.timeIsUp() ? "the cycle search ran out of its time budget" : null;
  }

  /** Null when {@code bytes} more fit the budget; else why not. */
  private static String overBudget(Budget budget, long bytes, String what) {
    if (budget.reserve(bytes)) return null;
    return what + " would need about " + Math.max(1, bytes >> 20) + " MiB, more than is left of the memory budget of "
        + Math.max(1, budget.memoryBytes() >> 20) + " MiB (--memory-limit, or give the JVM more with FAULTLINE_JAVA_OPTS=-Xmx...)";
  }

  private static TxnResult outOfBudget(TxnWorkload workload, TxnHistory history, Options options, String reason, long started) {
    return undecided(workload, history, options, Verdict.UNKNOWN, reason, started);
  }

  private static TxnResult nothingToJudge(TxnWorkload workload, TxnHistory history, Options options, String reason, long started) {
    int[] o = outcomes(history.txns());
    return undecided(workload, history, options, NothingToJudge.verdict(o[0], o[1], o[2]), reason, started);
  }

  /** Every model with one verdict, for one reason: nothing looked at (out of budget, or nothing to judge). */
  private static TxnResult undecided(TxnWorkload workload, TxnHistory history, Options options, Verdict verdict, String reason, long started) {
    int[] o = outcomes(history.txns());
    List<ModelOutcome> models = new ArrayList<>();
    for (String m : ConsistencyModels.names(TRANSACTIONAL)) models.add(new ModelOutcome(m, verdict, List.of(), verdict == Verdict.UNKNOWN ? reason : null));
    List<String> possible = verdict == Verdict.VALID ? ConsistencyModels.strongest(ConsistencyModels.names(TRANSACTIONAL)) : List.of();
    return new TxnResult(workload, verdict, requested(options), o[0], o[1], o[2], Map.of(), models, List.of(), List.of(), possible, reason,
        history.faultWindows(), Math.round((System.nanoTime() - started) / 1e4) / 100.0);
  }

  /**
   * Names that are only ever implied, never found themselves (G1 is G1a, G1b or G1c; G2 is any
   * cycle with an rw edge), and cyclic versions, which list-append's version orders cannot have.
   */
  private static boolean isUndetectable(String anomaly, boolean lists) {
    return switch (anomaly) {
      case "G1", "G1-process", "G1-realtime", "G2", "G2-process", "G2-realtime" -> true;
      case "cyclic-versions" -> lists;
      default -> false;
    };
  }

  private static Set<String> wanted(Options options) {
    if (options.anomalies() == null) return ConsistencyModels.anomalyNames();
    Set<String> wanted = new LinkedHashSet<>(ConsistencyModels.implying(options.anomalies()));
    if (options.models() != null) for (String m : options.models()) wanted.addAll(ConsistencyModels.forbiddenBy(m));
    return wanted;
  }

  /**
   * The cycle's steps between transactions: a run of real-time edges through points of time
   * (nodes past the transactions) is one real-time step. Cycles start at a transaction.
   */
  private static List<Step> steps(Inference inference, List<Txn> txns, int[][] cycle) {
    List<Step> steps = new ArrayList<>();
    int from = -1;
    for (int[] e : cycle) {
      if (from < 0) from = e[0];
      if (e[1] >= txns.size()) continue; // still between points of time
      steps.add(step(inference, txns.get(from), txns.get(e[1]), e[0] >= txns.size() ? DepType.REALTIME : DepType.values()[e[2]]));
      from = -1;
    }
    return steps;
  }

  private static Step step(Inference inference, Txn a, Txn b, DepType type) {
    if (type == DepType.PROCESS || type == DepType.REALTIME) return new Step(a, b, type, null, null, null);
    Step s = inference.explain(a, b, type);
    if (s == null) throw new IllegalStateException("no reason for the edge " + a.name() + " -" + type.label() + "-> " + b.name());
    return s;
  }
}
