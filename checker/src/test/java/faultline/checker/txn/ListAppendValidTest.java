package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import org.junit.jupiter.api.Test;

/** Histories that are strict serializable although they look suspicious at first. */
class ListAppendValidTest {

  private static void assertAllValid(TxnResult r) {
    assertThat(r.anomalyTypes()).as(String.join("\n", r.text(3))).isEmpty();
    for (ModelOutcome m : r.models()) assertThat(m.verdict()).as(m.model()).isEqualTo(Verdict.VALID);
    assertThat(r.strongestPossible()).containsExactly("strict-serializable");
  }

  @Test
  void concurrentTransactionsInEitherOrder() throws Exception {
    // T0 and T1 overlap; T1 saw T0's append, T0 did not see T1's: T0 then T1.
    assertAllValid(history()
        .invoke(0, "[:append 1 1] [:r 2 nil]")
        .invoke(1, "[:r 1 nil] [:append 2 1]")
        .complete(1, "ok", "[:r 1 [1]] [:append 2 1]")
        .complete(0, "ok", "[:append 1 1] [:r 2 []]")
        .txn(2, "ok", "[:r 1 [1]] [:r 2 [1]]")
        .check());
  }

  @Test
  void aCrashedAppendMayBeSeenOrNot() throws Exception {
    // T0 crashed: one reader saw its append, an earlier one did not. Both fit: it took effect between them.
    assertAllValid(history()
        .invoke(0, "[:append 1 1]")
        .txn(1, "ok", "[:r 1 []]")
        .complete(0, "info", "[:append 1 1]")
        .txn(2, "ok", "[:r 1 [1]]")
        .check());
  }

  @Test
  void aCrashedAppendNeverSeenIsNothing() throws Exception {
    assertAllValid(history()
        .txn(0, "info", "[:append 1 1] [:r 2 nil]")
        .txn(1, "ok", "[:r 1 []]")
        .check());
  }

  @Test
  void aFailedTransactionLeavesNoTrace() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "fail", "[:append 1 2] [:r 1 nil]")
        .txn(2, "ok", "[:r 1 [1]] [:append 1 3] [:r 1 [1 3]]")
        .txn(3, "ok", "[:r 1 [1 3]]")
        .check();
    assertAllValid(r);
    assertThat(r.failed()).isEqualTo(1);
  }

  @Test
  void readYourOwnAppendsWithAnUnknownPrefix() throws Exception {
    assertAllValid(history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "ok", "[:append 1 2] [:r 1 [1 2]]")
        .check());
  }

  @Test
  void aCrashedTransactionPrecedesNothingOfItsProcess() throws Exception {
    // Process 0's append crashed; the process went on and read the key empty, then the append landed.
    assertAllValid(history()
        .txn(0, "info", "[:append 1 1]")
        .txn(0, "ok", "[:r 1 []]")
        .txn(1, "ok", "[:r 1 [1]]")
        .check());
  }
}
