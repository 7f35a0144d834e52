package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** rw-register: hand-made histories per anomaly, the optional version orders, and valid cases. */
class RwRegisterTest {

  private static Verdict model(TxnResult r, String name) {
    return r.models().stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow().verdict();
  }

  private static TxnResult check(TxnHistories h, KeyOrders orders) throws Exception {
    return h.check(new TxnChecker.Options(null, List.of("strict-serializable"), null, null, orders));
  }

  @Test
  void guessedFromWrites() throws Exception {
    TxnResult r = history().txn(0, "ok", "[:w 1 1]").txn(1, "ok", "[:r 1 1]").check();
    assertThat(r.workload()).isEqualTo(TxnWorkload.RW_REGISTER);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void abortedAndIntermediateReads() throws Exception {
    TxnResult aborted = history().txn(0, "fail", "[:w 1 1]").txn(1, "ok", "[:r 1 1]").check();
    assertThat(aborted.anomalyTypes()).containsExactly("G1a");
    TxnResult intermediate = history().txn(0, "ok", "[:w 1 1] [:w 1 2]").txn(1, "ok", "[:r 1 1]").check();
    assertThat(intermediate.anomalyTypes()).contains("G1b");
    assertThat(model(intermediate, "read-committed")).isEqualTo(Verdict.INVALID);
    assertThat(model(intermediate, "read-uncommitted")).isEqualTo(Verdict.VALID);
  }

  @Test
  void internalAndFutureReads() throws Exception {
    assertThat(history().txn(0, "ok", "[:w 1 1] [:r 1 2]").txn(1, "ok", "[:w 1 2]").check().anomalyTypes()).contains("internal");
    assertThat(history().txn(0, "ok", "[:r 1 1] [:w 1 1]").check().anomalyTypes()).contains("future-read");
  }

  @Test
  void circularInformationFlow() throws Exception {
    TxnResult r = history()
        .invoke(0, "[:w 1 1] [:r 2 nil]")
        .invoke(1, "[:w 2 1] [:r 1 nil]")
        .complete(0, "ok", "[:w 1 1] [:r 2 1]")
        .complete(1, "ok", "[:w 2 1] [:r 1 1]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G1c");
  }

  @Test
  void readSkewFromTheInitialState() throws Exception {
    // T1 wrote both; T0 saw its write of 2 but key 1 in its initial state, which precedes every write.
    TxnResult r = history()
        .invoke(0, "[:r 1 nil] [:r 2 nil]")
        .txn(1, "ok", "[:w 1 1] [:w 2 1]")
        .complete(0, "ok", "[:r 1 nil] [:r 2 1]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G-single");
    assertThat(model(r, "snapshot-isolation")).isEqualTo(Verdict.INVALID);
    assertThat(model(r, "read-committed")).isEqualTo(Verdict.VALID);
    assertThat(r.explain(r.anomalies().get("G-single").get(0))).contains("read key 1 in its initial state, before T1's write of 1");
  }

  @Test
  void writeSkewAndLostUpdate() throws Exception {
    TxnResult skew = history()
        .invoke(0, "[:r 1 nil] [:w 2 1]")
        .invoke(1, "[:r 2 nil] [:w 1 1]")
        .complete(0, "ok", "[:r 1 nil] [:w 2 1]")
        .complete(1, "ok", "[:r 2 nil] [:w 1 1]")
        .check();
    assertThat(skew.anomalyTypes()).containsExactly("G2-item");
    assertThat(model(skew, "snapshot-isolation")).isEqualTo(Verdict.VALID);
    assertThat(model(skew, "serializable")).isEqualTo(Verdict.INVALID);
    TxnResult lost = history()
        .invoke(0, "[:r 1 nil] [:w 1 1]")
        .invoke(1, "[:r 1 nil] [:w 1 2]")
        .complete(0, "ok", "[:r 1 nil] [:w 1 1]")
        .complete(1, "ok", "[:r 1 nil] [:w 1 2]")
        .check();
    assertThat(lost.anomalyTypes()).contains("lost-update");
    assertThat(model(lost, "snapshot-isolation")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void sequentialKeysOrderVersionsAndACycleIsReported() throws Exception {
    // Process 1 reads 2 then 1, after process 0 wrote 1 then 2: with --sequential-keys, 1 < 2 < 1.
    TxnHistories h = history()
        .event(0, "ok", "[:w 1 1]")
        .event(0, "ok", "[:w 1 2]")
        .event(1, "ok", "[:r 1 2]")
        .event(1, "ok", "[:r 1 1]");
    assertThat(check(h, KeyOrders.NONE).anomalyTypes()).isEmpty();
    TxnResult r = check(h, new KeyOrders(false, true, false));
    assertThat(r.anomalyTypes()).containsExactly("cyclic-versions");
    assertThat(model(r, "read-uncommitted")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void writesFollowReadsOrderAWriteAfterTheVersionRead() throws Exception {
    // T1 read 1 and wrote 2: with --wfr-keys, 1 < 2, so T2, which read 2 and then saw key 2 before T0's write, ...
    TxnHistories h = history()
        .event(0, "ok", "[:w 1 1] [:w 2 1]")
        .event(1, "ok", "[:r 1 1] [:w 1 2]")
        .event(2, "ok", "[:r 1 2] [:r 2 nil]");
    // Without wfr: T0 < T2 only via ... nothing cyclic. With it: T2 -rw-> T0 (2 in its initial state), T0 -ww-> T1 -wr-> T2.
    assertThat(check(h, KeyOrders.NONE).anomalyTypes()).containsExactly("G-single");
    TxnResult r = check(h, new KeyOrders(true, false, false));
    assertThat(r.anomalyTypes()).contains("G-single");
  }

  @Test
  void linearizableKeysUseRealTime() throws Exception {
    // T1 began after T0 wrote 2 over 1, yet read 1: with --linearizable-keys, 2 < 1 as well as 1 < 2.
    TxnHistories h = history()
        .txn(0, "ok", "[:w 1 1] [:w 1 2]")
        .txn(1, "ok", "[:r 1 2]")
        .txn(2, "ok", "[:w 1 3]")
        .txn(3, "ok", "[:r 1 3]");
    assertThat(check(h, KeyOrders.NONE).verdict()).isEqualTo(Verdict.VALID);
    TxnResult r = check(h, new KeyOrders(false, false, true));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    TxnHistories stale = history()
        .txn(0, "ok", "[:w 1 1]")
        .txn(1, "ok", "[:w 1 2]")
        .txn(2, "ok", "[:r 1 1]");
    assertThat(check(stale, new KeyOrders(false, false, true)).anomalyTypes()).isNotEmpty();
  }

  @Test
  void aSerialHistoryIsValid() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:r 1 nil] [:w 1 1]")
        .txn(1, "ok", "[:r 1 1] [:w 1 2] [:r 2 nil]")
        .txn(0, "info", "[:w 2 5]")
        .txn(2, "fail", "[:w 1 9]")
        .txn(3, "ok", "[:r 1 2] [:r 2 5]")
        .check();
    assertThat(r.anomalyTypes()).isEmpty();
    for (ModelOutcome m : r.models()) assertThat(m.verdict()).as(m.model()).isEqualTo(Verdict.VALID);
  }

  /**
   * n transactions one after another, each reading the key's latest version and writing the next: a
   * chain of n versions; closed, the first reads the last instead of nil (a cycle of n versions under --wfr-keys).
   */
  private static TxnHistories chain(int n, boolean closed) {
    TxnHistories h = history();
    for (int i = 1; i <= n; i++) {
      String read = i > 1 ? String.valueOf(i - 1) : closed ? String.valueOf(n) : "nil";
      h.txn(i % 4, "ok", "[:r 1 " + read + "] [:w 1 " + i + "]");
    }
    return h;
  }

  @Test
  void aChainOfEightThousandVersionsUnderEveryKeyOrder() throws Exception {
    // The version graph's cycle search was recursive: a StackOverflowError (exit 70) at 8,000 versions.
    TxnHistories h = chain(8_000, false);
    for (KeyOrders orders : List.of(new KeyOrders(true, false, false), new KeyOrders(false, true, false),
        new KeyOrders(false, false, true), new KeyOrders(true, true, true))) {
      TxnResult r = check(h, orders);
      assertThat(r.anomalyTypes()).as(orders.toString()).isEmpty();
      assertThat(r.verdict()).as(orders.toString()).isEqualTo(Verdict.VALID);
    }
    TxnHistories blind = history();
    for (int i = 1; i <= 8_000; i++) blind.txn(0, "ok", "[:w 1 " + i + "]");
    for (KeyOrders orders : List.of(new KeyOrders(false, true, false), new KeyOrders(false, false, true))) {
      assertThat(check(blind, orders).verdict()).as(orders.toString()).isEqualTo(Verdict.VALID);
    }
    TxnResult cyclic = check(chain(8_000, true), new KeyOrders(true, false, false));
    assertThat(cyclic.anomalyTypes()).contains("cyclic-versions");
  }

  @Test
  void pastTheBudgetAnAssumedOrderIsNotUsedAndCyclicVersionsAreUndecided() throws Exception {
    TxnResult r = chain(3_000, false).check(new TxnChecker.Options(null, null, Set.of("cyclic-versions"), Duration.ZERO,
        new KeyOrders(true, false, false)));
    assertThat(r.anomalyTypes()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("--wfr-keys").contains("time budget");
    assertThat(model(r, "read-uncommitted")).isEqualTo(Verdict.UNKNOWN);
  }
}
