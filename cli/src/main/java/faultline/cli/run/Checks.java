package faultline.cli.run;

import faultline.checker.Checkers;
import faultline.checker.Result;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import faultline.checker.linear.Progress;
import faultline.workloads.CheckOptions;
import faultline.workloads.Workload;
import java.time.Duration;

/**
 * A run's history judged by the checkers its workload names, composed: one {@link Result} whose
 * parts go to results.json as they are, the same shape {@code faultline check} writes.
 */
public final class Checks {
  private Checks() {}

  /** The verdicts; the linearizability search counts its partitions in {@code progress} as it goes. */
  public static Result run(TestPlan plan, Workload workload, History history, Progress progress) throws MalformedHistoryException {
    Duration limit = Duration.ofMillis((long) (plan.checkTimeLimitSeconds() * 1000));
    return Checkers.compose(workload.checkers(new CheckOptions(plan.model(), limit, progress))).check(history, Budget.of(limit, 0));
  }
}
