package faultline.checker.txn;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The transactional checkers ({@link TxnChecker}, {@link BankChecker}, {@link LongForkChecker},
 * which return Elle's {@link TxnResult}) as {@link Checker}s returning a {@link Result}: a run's
 * (its workloads name them) and {@code HistoryCheck}'s, for a transactional file. For list-append, Elle's
 * verdict for strict-serializable (Jepsen's PostgreSQL suite's default expectation) is the run's,
 * and every model's own verdict, strongest first, goes to the result's details and its ruled-out
 * models, so a scenario can show which isolation level held; rw-register the same. For bank,
 * Jepsen's bank checker.
 */
public final class TransactionalCheckers implements Checker {
  /** Anomalies of one type told in the explanations; results.json has all of them. */
  private static final int EXPLAINED_PER_TYPE = 2;

  /** One analysis of a history by checker/txn. */
  @FunctionalInterface
  private interface Analysis {
    TxnResult of(History history, Budget budget) throws MalformedHistoryException;
  }

  private final String name;
  private final Analysis analysis;

  private TransactionalCheckers(String name, Analysis analysis) {
    this.name = name;
    this.analysis = analysis;
  }

  /**
   * Elle's list-append analysis, bounded by the budget {@link #check} is given (time and memory; past
   * it: unknown), or by {@code timeLimit} when that budget has no deadline.
   */
  public static TransactionalCheckers listAppend(Duration timeLimit) {
    return new TransactionalCheckers(TxnWorkload.LIST_APPEND.label(), (history, budget) -> TxnChecker.check(TxnHistory.of(history),
        new TxnChecker.Options(TxnWorkload.LIST_APPEND, List.of("strict-serializable"), null, timeLimit), within(budget, timeLimit)));
  }

  /** Elle's rw-register analysis, a write following the version its transaction read (Elle's --wfr-keys). */
  public static TransactionalCheckers rwRegister(Duration timeLimit) {
    return new TransactionalCheckers(TxnWorkload.RW_REGISTER.label(), (history, budget) -> TxnChecker.check(TxnHistory.of(history),
        new TxnChecker.Options(TxnWorkload.RW_REGISTER, List.of("strict-serializable"), null, timeLimit, new KeyOrders(true, false, false)),
        within(budget, timeLimit)));
  }

  /** The budget given, or, when it has no deadline, one of {@code timeLimit} with its memory. */
  private static Budget within(Budget budget, Duration timeLimit) {
    return budget.hasDeadline() || timeLimit == null ? budget : Budget.of(timeLimit, budget.memoryBytes());
  }

  /** Jepsen's bank checker: every read shows {@code total}, and no balance is negative. */
  public static TransactionalCheckers bank(long total) {
    return new TransactionalCheckers(TxnWorkload.BANK.label(), (history, budget) -> BankChecker.check(history, total, false, budget));
  }

  /**
   * What checking a transactional file asks beside its workload, as elle-cli's options do.
   *
   * @param models the models whose verdict is the result's; null to judge by {@code anomalies} alone
   * @param anomalies the anomalies to look for; null for all
   * @param orders what orders a register's versions (rw-register)
   * @param groupSize long-fork: compare reads within groups of this many integer keys; null for reads of the same keys
   * @param negativeBalances bank: balances may be negative
   */
  public record Options(List<String> models, Set<String> anomalies, KeyOrders orders, Integer groupSize, boolean negativeBalances) {
    /** Elle's default: strict-serializable, every anomaly. */
    public static final Options DEFAULTS = new Options(List.of("strict-serializable"), null, KeyOrders.NONE, null, false);
  }

  /** The checker of {@code workload} with {@code options}, for a history of that workload. */
  public static TransactionalCheckers of(TxnWorkload workload, Options options) {
    return new TransactionalCheckers(workload.label(), (history, budget) -> workload == TxnWorkload.BANK
        ? checkBank(history, options, budget) : check(TxnHistory.of(history), workload, options, budget));
  }

  /** A bank history, judged as Jepsen's bank checker does, the total read from the history. */
  public static TxnResult checkBank(History history, Options options, Budget budget) throws MalformedHistoryException {
    return BankChecker.check(history, null, options.negativeBalances(), budget);
  }

  /**
   * A list-append, rw-register or long-fork history's transactions, judged with {@code options}.
   *
   * @param workload null to guess it from the micro-ops
   */
  public static TxnResult check(TxnHistory txns, TxnWorkload workload, Options options, Budget budget) throws MalformedHistoryException {
    if (options.groupSize() != null) return LongForkChecker.check(txns, budget, options.groupSize());
    return TxnChecker.check(txns, new TxnChecker.Options(workload, options.models(), options.anomalies(), null, options.orders()), budget);
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    return result(analysis.of(history, budget), () -> history);
  }

  /**
   * {@code r}, found in {@code history}, as a {@link Result}: explained, with the models it rules
   * out; its details are {@code r}'s own ({@link TxnResult#toJson}). The history is asked for only
   * when there are anomalies to explain (the nodes that served them): a big file read the fast way
   * is not read again for a valid verdict.
   */
  public Result result(TxnResult r, Supplier<History> history) {
    Map<Long, Object> served = r.anomalies().isEmpty() ? Map.of() : servedBy(history.get());
    // One of each type first, cycles before the rest: the terminal shows the first few.
    List<Explanation> explanations = new ArrayList<>();
    for (int round = 0; round < EXPLAINED_PER_TYPE; round++) {
      for (boolean cycles : new boolean[] {true, false}) {
        for (var e : r.anomalies().entrySet()) {
          List<Anomaly> found = e.getValue();
          if (round >= found.size() || found.get(round).isCycle() != cycles) continue;
          Anomaly a = found.get(round);
          Map<String, Object> nodes = nodesOf(a, served);
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("txns", a.txns().size());
          if (!nodes.isEmpty()) data.put("nodes", nodes);
          String where = nodes.isEmpty() ? "" : "\n" + servedLine(nodes);
          explanations.add(new Explanation(e.getKey(), data, e.getKey() + ": " + r.explain(a) + where));
        }
      }
    }
    List<String> ruledOut = r.models().stream().filter(m -> m.verdict() == Verdict.INVALID).map(ModelOutcome::model).toList();
    return Result.of(name, r.verdict())
        .summary(summary(r))
        .reason(r.reason())
        .explain(explanations)
        .ruledOut(ruledOut)
        .details(r.toJson())
        .build();
  }

  /** Whether {@code r} is one of these checkers' (its details are a {@link TxnResult}'s, as {@link #result} gives them). */
  public static boolean judged(Result r) {
    return TxnWorkload.ofLabel(r.name()) != null;
  }

  /** Each completion's serving node by event index, where the history says it (a run's does). */
  public static Map<Long, Object> servedBy(History history) {
    Map<Long, Object> out = new HashMap<>();
    for (Op op : history.ops()) {
      if (op.node() instanceof Map<?, ?> node && node.get("name") != null) out.put(op.index(), node.get("name"));
    }
    return out;
  }

  /** "served by (as each server said): T1 on n1, T2 on n2". */
  public static String servedLine(Map<String, Object> nodes) {
    return "served by (as each server said): " + String.join(", ", nodes.entrySet().stream().map(n -> n.getKey() + " on " + n.getValue()).toList());
  }

  /** The node each transaction of an anomaly ran on, by the transaction's name (T17 -> n2); empty when unknown. */
  public static Map<String, Object> nodesOf(Anomaly a, Map<Long, Object> served) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Txn t : a.txns()) {
      Object node = served.get(t.complete());
      if (node != null) out.put(t.name(), node);
    }
    return out;
  }

  /** "G2-item, G-single; not serializable; strongest possible: snapshot-isolation; 812 ok, 40 fail, 0 info transactions". */
  private static String summary(TxnResult r) {
    StringBuilder s = new StringBuilder();
    s.append(r.anomalies().isEmpty() ? "no anomalies" : String.join(", ", r.anomalyTypes()));
    if (!r.not().isEmpty()) s.append("; not ").append(String.join(", ", r.not()));
    if (!r.models().isEmpty()) {
      s.append("; strongest possible: ").append(r.strongestPossible().isEmpty() ? "none" : String.join(", ", r.strongestPossible()));
    }
    s.append("; ").append(r.committed()).append(" ok, ").append(r.failed()).append(" fail, ").append(r.crashed()).append(" info transactions");
    return s.toString();
  }
}
