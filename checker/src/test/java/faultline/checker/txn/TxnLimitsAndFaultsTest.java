package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cycle search's time budget (unknown, never valid) and the faults named in explanations. */
class TxnLimitsAndFaultsTest {

  private static TxnHistories writeSkew() {
    return history()
        .invoke(0, "[:append 1 1] [:r 2 nil]")
        .invoke(1, "[:append 2 1] [:r 1 nil]")
        .complete(0, "ok", "[:append 1 1] [:r 2 []]")
        .complete(1, "ok", "[:append 2 1] [:r 1 []]");
  }

  @Test
  void pastItsBudgetTheCycleSearchLeavesModelsUnknown() throws Exception {
    TxnResult r = writeSkew().check(new TxnChecker.Options(null, List.of("serializable"), null, Duration.ZERO));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time budget");
    for (ModelOutcome m : r.models()) {
      // Every model forbids some cycle: none may say valid on a search that did not finish.
      assertThat(m.verdict()).as(m.model()).isEqualTo(Verdict.UNKNOWN);
      assertThat(m.reason()).contains("undecided").contains("time budget");
    }
  }

  @Test
  void whatNeedsNoCycleSearchIsDecidedAnyway() throws Exception {
    TxnResult r = history().txn(0, "fail", "[:append 1 1]").txn(1, "ok", "[:r 1 [1]]")
        .check(new TxnChecker.Options(null, List.of("read-committed"), null, Duration.ZERO));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalyTypes()).contains("G1a");
  }

  @Test
  void explanationsNameTheFaultsInEffect() throws Exception {
    TxnResult r = history()
        .nemesis("invoke", "start-partition")
        .nemesis("info", "start-partition")
        .invoke(0, "[:append 1 1] [:r 2 nil]")
        .invoke(1, "[:append 2 1] [:r 1 nil]")
        .complete(0, "ok", "[:append 1 1] [:r 2 []]")
        .complete(1, "ok", "[:append 2 1] [:r 1 []]")
        .nemesis("invoke", "stop-partition")
        .nemesis("info", "stop-partition")
        .txn(2, "ok", "[:r 1 [1]]")
        .check();
    String told = r.explain(r.anomalies().get("G2-item").get(0));
    assertThat(told).contains("While these ran, partition (events 0-7) was in effect.");
    TxnResult after = history().txn(0, "fail", "[:append 1 1]").nemesis("invoke", "start-kill").txn(1, "ok", "[:r 1 [1]]").check();
    assertThat(after.explain(after.anomalies().get("G1a").get(0))).contains("kill (events 2-");
  }
}
