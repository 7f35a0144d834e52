package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import faultline.checker.txn.Anomaly;
import faultline.checker.txn.ModelOutcome;
import faultline.checker.txn.TxnChecker;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnResult;
import faultline.checker.txn.TxnWorkload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The transactional checker (checker/txn) as one of a run's {@link Checker}s: Elle's verdict for
 * strict-serializable (Jepsen's PostgreSQL suite's default expectation) is the run's, and every
 * model's own verdict, strongest first, goes to the result's details and its ruled-out models,
 * so a scenario can show which isolation level held.
 */
public final class ElleChecker implements Checker {
  /** Anomalies of one type told in the explanations; results.json has all of them. */
  private static final int EXPLAINED_PER_TYPE = 2;

  private final TxnWorkload workload;
  private final Duration timeLimit;

  public ElleChecker(TxnWorkload workload, Duration timeLimit) {
    this.workload = workload;
    this.timeLimit = timeLimit;
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    TxnResult r = TxnChecker.check(TxnHistory.of(history),
        new TxnChecker.Options(workload, List.of("strict-serializable"), null, timeLimit));
    List<Explanation> explanations = new ArrayList<>();
    r.anomalies().forEach((type, found) -> {
      for (Anomaly a : found.subList(0, Math.min(EXPLAINED_PER_TYPE, found.size()))) {
        explanations.add(new Explanation(type, Map.of("txns", a.txns().size()), type + ": " + r.explain(a)));
      }
    });
    List<String> ruledOut = r.models().stream().filter(m -> m.verdict() == Verdict.INVALID).map(ModelOutcome::model).toList();
    return Result.of(workload.label(), r.verdict())
        .summary(summary(r))
        .reason(r.reason())
        .explain(explanations)
        .ruledOut(ruledOut)
        .details(r.toJson())
        .build();
  }

  /** "G2-item, G-single; not serializable; strongest possible: snapshot-isolation; 812 ok, 40 fail, 0 info transactions". */
  private static String summary(TxnResult r) {
    StringBuilder s = new StringBuilder();
    s.append(r.anomalies().isEmpty() ? "no anomalies" : String.join(", ", r.anomalyTypes()));
    if (!r.not().isEmpty()) s.append("; not ").append(String.join(", ", r.not()));
    s.append("; strongest possible: ").append(r.strongestPossible().isEmpty() ? "none" : String.join(", ", r.strongestPossible()));
    s.append("; ").append(r.committed()).append(" ok, ").append(r.failed()).append(" fail, ").append(r.crashed()).append(" info transactions");
    return s.toString();
  }
}
