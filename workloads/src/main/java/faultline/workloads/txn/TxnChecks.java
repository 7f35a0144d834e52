package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import faultline.checker.txn.Anomaly;
import faultline.checker.txn.BankChecker;
import faultline.checker.txn.KeyOrders;
import faultline.checker.txn.ModelOutcome;
import faultline.checker.txn.TxnChecker;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnResult;
import faultline.checker.txn.Txn;
import faultline.checker.txn.TxnWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transactional checkers (checker/txn) as a run's {@link Checker}s. For list-append, Elle's
 * verdict for strict-serializable (Jepsen's PostgreSQL suite's default expectation) is the run's,
 * and every model's own verdict, strongest first, goes to the result's details and its ruled-out
 * models, so a scenario can show which isolation level held; rw-register the same. For bank,
 * Jepsen's bank checker.
 */
public final class TxnChecks implements Checker {
  /** Anomalies of one type told in the explanations; results.json has all of them. */
  private static final int EXPLAINED_PER_TYPE = 2;

  /** One analysis of a history by checker/txn. */
  @FunctionalInterface
  private interface Analysis {
    TxnResult of(History history) throws MalformedHistoryException;
  }

  private final String name;
  private final Analysis analysis;

  private TxnChecks(String name, Analysis analysis) {
    this.name = name;
    this.analysis = analysis;
  }

  /** Elle's list-append analysis, its cycle search bounded by {@code timeLimit} (past it: unknown). */
  public static TxnChecks listAppend(Duration timeLimit) {
    return new TxnChecks(TxnWorkload.LIST_APPEND.label(), history -> TxnChecker.check(TxnHistory.of(history),
        new TxnChecker.Options(TxnWorkload.LIST_APPEND, List.of("strict-serializable"), null, timeLimit)));
  }

  /** Elle's rw-register analysis, a write following the version its transaction read (Elle's --wfr-keys). */
  public static TxnChecks rwRegister(Duration timeLimit) {
    return new TxnChecks(TxnWorkload.RW_REGISTER.label(), history -> TxnChecker.check(TxnHistory.of(history),
        new TxnChecker.Options(TxnWorkload.RW_REGISTER, List.of("strict-serializable"), null, timeLimit, new KeyOrders(true, false, false))));
  }

  /** Jepsen's bank checker: every read shows {@code total}, and no balance is negative. */
  public static TxnChecks bank(long total) {
    return new TxnChecks(TxnWorkload.BANK.label(), history -> BankChecker.check(history, total, false));
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    TxnResult r = analysis.of(history);
    Map<Long, Object> served = servedBy(history);
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
