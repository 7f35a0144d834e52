package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static faultline.checker.txn.TxnHistories.wwChain;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every transactional check keeps to its budget and says unknown past it, and the
 * cycle search does not try every start edge of a component that holds no cycle of the class.
 */
class TxnBudgetTest {

  @Test
  void theG0SearchOfAChainWithoutWwCycleMakesNoSearchPerEdge() throws Exception {
    int n = 2000;
    TxnHistory h = TxnHistory.of(wwChain(n).build());
    Inference inference = ListAppendAnalysis.of(h);
    DependencyGraph.Builder edges = inference.edges();
    OrderEdges.process(h.txns(), edges);
    OrderEdges.realTime(h, edges);
    CycleSearch search = new CycleSearch(edges.build(), Budget.unlimited());
    CycleSearch.Found found = search.search(CycleSearch.names());
    assertThat(found.cycles()).containsKey("G1c");
    assertThat(found.cycles()).doesNotContainKey("G0");
    // Before, every ww edge of the chain started a search that walked the rest of it: n searches
    // for G0 alone (and as many for G0-process and G0-realtime), n * n / 2 steps in all.
    assertThat(search.searches()).isLessThan(200);
  }

  @Test
  void aCancelledBudgetLeavesTheCycleSearchUndecided() throws Exception {
    Budget budget = Budget.unlimited();
    budget.cancel();
    TxnResult r = TxnChecker.check(TxnHistory.of(wwChain(50).build()), TxnChecker.Options.defaults(), budget);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("cancelled");
  }

  @Test
  void aBudgetWhoseTimeIsUpIsUnknownNeverValid() throws Exception {
    Budget budget = Budget.of(Duration.ZERO, 0);
    Thread.sleep(2); // the deadline is certainly past
    TxnHistories valid = history().txn(0, "ok", "[:append :x 1]").txn(1, "ok", "[:r :x [1]]");
    TxnResult r = TxnChecker.check(TxnHistory.of(valid.build()), TxnChecker.Options.defaults(), budget);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time budget");
  }

  @Test
  void aTinyMemoryBudgetIsUnknownBeforeTheMemoryIsTaken() throws Exception {
    TxnHistories valid = history().txn(0, "ok", "[:append :x 1]").txn(1, "ok", "[:r :x [1]]");
    TxnResult r = TxnChecker.check(TxnHistory.of(valid.build()), TxnChecker.Options.defaults(), Budget.of(null, 1));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("more than is left of the memory budget");
    assertThat(r.models()).allMatch(m -> m.verdict() == Verdict.UNKNOWN);
    // With the default budget the same history is valid.
    assertThat(TxnChecker.check(TxnHistory.of(valid.build()), TxnChecker.Options.defaults()).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void theLongForkCheckKeepsToItsTime() throws Exception {
    Budget budget = Budget.of(Duration.ZERO, 0);
    Thread.sleep(2);
    TxnHistories h = history().txn(0, "ok", "[:w 1 1]").txn(1, "ok", "[:r 1 1] [:r 2 nil]");
    TxnResult r = TxnChecker.check(TxnHistory.of(h.build()), new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null), budget);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time budget");
  }

  @Test
  void manyReadsOfFewKeysAreComparedByWhatTheySaw() throws Exception {
    // 3,000 reads of 3 keys, all in one order of the writes: valid; one more read forks.
    TxnHistories h = history().txn(0, "ok", "[:w 1 1]").txn(0, "ok", "[:w 2 1]").txn(0, "ok", "[:w 3 1]");
    String[] seen = {"[:r 1 nil] [:r 2 nil] [:r 3 nil]", "[:r 1 1] [:r 2 nil] [:r 3 nil]", "[:r 1 1] [:r 2 1] [:r 3 nil]",
        "[:r 1 1] [:r 2 1] [:r 3 1]"};
    for (int i = 0; i < 3000; i++) h.txn(1 + i % 9, "ok", seen[i % seen.length]);
    TxnChecker.Options longFork = new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null);
    assertThat(h.check(longFork).verdict()).isEqualTo(Verdict.VALID);
    TxnResult forked = h.txn(11, "ok", "[:r 1 nil] [:r 2 1] [:r 3 nil]").check(longFork);
    assertThat(forked.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(forked.anomalies().get("long-fork").get(0).detail()).contains("no single order of the two writes");
  }
}
