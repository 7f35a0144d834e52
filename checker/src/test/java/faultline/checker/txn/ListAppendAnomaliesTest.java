package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One minimal hand-made history per anomaly: its type, and the models it rules out. */
class ListAppendAnomaliesTest {

  private static ModelOutcome model(TxnResult r, String name) {
    return r.models().stream().filter(m -> m.model().equals(name)).findFirst().orElseThrow();
  }

  private static void assertRulesOut(TxnResult r, List<String> invalid, List<String> valid) {
    for (String m : invalid) assertThat(model(r, m).verdict()).as(m + " in\n" + String.join("\n", r.text(3))).isEqualTo(Verdict.INVALID);
    for (String m : valid) assertThat(model(r, m).verdict()).as(m + " in\n" + String.join("\n", r.text(3))).isEqualTo(Verdict.VALID);
  }

  @Test
  void g0WriteCycle() throws Exception {
    // T0 appends 1 to x then y sees T1's first: x = [1 2], y = [2 1].
    TxnResult r = history()
        .invoke(0, "[:append 1 1] [:append 2 1]")
        .invoke(1, "[:append 1 2] [:append 2 2]")
        .complete(0, "ok", "[:append 1 1] [:append 2 1]")
        .complete(1, "ok", "[:append 1 2] [:append 2 2]")
        .txn(2, "ok", "[:r 1 [1 2]] [:r 2 [2 1]]")
        .check();
    assertThat(r.anomalyTypes()).contains("G0");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertRulesOut(r, List.of("read-uncommitted", "read-committed", "serializable", "strict-serializable"), List.of());
    assertThat(r.not()).containsExactly("read-uncommitted");
  }

  @Test
  void g1cCircularInformationFlow() throws Exception {
    // Each saw the other's append: T0 < T1 (T1 read T0's 1), T1 < T0 (T0 read T1's 1).
    TxnResult r = history()
        .invoke(0, "[:append 1 1] [:r 2 nil]")
        .invoke(1, "[:append 2 1] [:r 1 nil]")
        .complete(0, "ok", "[:append 1 1] [:r 2 [1]]")
        .complete(1, "ok", "[:append 2 1] [:r 1 [1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G1c");
    assertRulesOut(r, List.of("read-committed", "serializable"), List.of("read-uncommitted"));
    Anomaly a = r.anomalies().get("G1c").get(0);
    assertThat(a.steps()).extracting(Step::type).containsOnly(DepType.WR);
    assertThat(r.explain(a)).contains("observed").contains("a contradiction!");
  }

  @Test
  void aReadAfterItsOwnAppendOrdersNothing() throws Exception {
    // T0 appended 9 to key 1 and read it back as [9] (internal), then appended 10. T1's 11 is in no
    // read. The internal read says nothing of what followed 9 outside T0, so no rw edge from it
    // (Elle infers from external reads only); the cycle is G1c, through the ww order a read's
    // prefix gives (11, never read, follows the longest read's 9) and T0's read of T1's 6.
    TxnResult r = history()
        .invoke(1, "[:append 2 6] [:append 1 11]")
        .invoke(0, "[:append 1 9] [:r 1 nil] [:r 2 nil] [:append 1 10]")
        .complete(1, "ok", "[:append 2 6] [:append 1 11]")
        .complete(0, "ok", "[:append 1 9] [:r 1 [9]] [:r 2 [6]] [:append 1 10]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G1c");
    Anomaly a = r.anomalies().get("G1c").get(0);
    assertThat(a.steps()).extracting(Step::type).containsExactlyInAnyOrder(DepType.WR, DepType.WW);
  }

  @Test
  void g2ItemWriteSkew() throws Exception {
    // Elle's example: each read the other's key empty, then appended to its own.
    TxnResult r = history()
        .invoke(0, "[:append 1 1] [:r 2 nil]")
        .invoke(1, "[:append 2 1] [:r 1 nil]")
        .complete(0, "ok", "[:append 1 1] [:r 2 []]")
        .complete(1, "ok", "[:append 2 1] [:r 1 []]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G2-item");
    assertRulesOut(r, List.of("repeatable-read", "serializable", "strict-serializable"),
        List.of("snapshot-isolation", "read-committed", "read-atomic", "consistent-view"));
    assertThat(r.not()).containsExactly("repeatable-read");
    assertThat(r.explain(r.anomalies().get("G2-item").get(0))).contains("in its initial state");
  }

  @Test
  void writeSkewOneAfterTheOther() throws Exception {
    // elle-cli's G2-item example: the same transactions, the second begun after the first completed.
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1] [:r 2 []]")
        .txn(1, "ok", "[:append 2 1] [:r 1 []]")
        .check();
    assertThat(r.anomalyTypes()).contains("G2-item", "G-single-realtime");
    assertThat(r.not()).containsExactlyInAnyOrder("repeatable-read", "strong-snapshot-isolation");
    assertThat(r.alsoNot()).contains("serializable", "strict-serializable", "strong-session-serializable");
  }

  @Test
  void gSingleReadSkew() throws Exception {
    // T1 appends to both keys; T0 sees its append to 2 but not to 1: one rw, one wr edge.
    TxnResult r = history()
        .invoke(0, "[:r 1 nil] [:r 2 nil]")
        .txn(1, "ok", "[:append 1 1] [:append 2 1]")
        .complete(0, "ok", "[:r 1 []] [:r 2 [1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G-single");
    assertRulesOut(r, List.of("snapshot-isolation", "consistent-view", "repeatable-read", "serializable"),
        List.of("read-committed", "cursor-stability", "monotonic-atomic-view"));
  }

  @Test
  void gNonadjacent() throws Exception {
    // Four transactions, rw and wr edges alternating: T0 -rw-> T1 -wr-> T2 -rw-> T3 -wr-> T0.
    TxnResult r = history()
        .invoke(0, "[:r 1 nil] [:r 4 nil]")
        .invoke(1, "[:append 1 1] [:append 2 1]")
        .invoke(2, "[:r 2 nil] [:r 3 nil]")
        .invoke(3, "[:append 3 1] [:append 4 1]")
        .complete(1, "ok", "[:append 1 1] [:append 2 1]")
        .complete(3, "ok", "[:append 3 1] [:append 4 1]")
        .complete(0, "ok", "[:r 1 []] [:r 4 [1]]")
        .complete(2, "ok", "[:r 2 [1]] [:r 3 []]")
        .txn(4, "ok", "[:r 1 [1]] [:r 3 [1]]")
        .check();
    assertThat(r.anomalyTypes()).contains("G-nonadjacent").doesNotContain("G-single", "G2-item");
    assertRulesOut(r, List.of("snapshot-isolation", "repeatable-read", "serializable"),
        List.of("read-committed", "consistent-view", "parallel-snapshot-isolation"));
  }

  @Test
  void abortedRead() throws Exception {
    TxnResult r = history()
        .txn(0, "fail", "[:append 1 1]")
        .txn(1, "ok", "[:r 1 [1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G1a");
    assertRulesOut(r, List.of("read-committed", "read-atomic"), List.of("read-uncommitted"));
  }

  @Test
  void intermediateRead() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1] [:append 1 2]")
        .txn(1, "ok", "[:r 1 [1]]")
        .txn(2, "ok", "[:r 1 [1 2]]")
        .check();
    assertThat(r.anomalyTypes()).contains("G1b");
    assertRulesOut(r, List.of("read-committed"), List.of("read-uncommitted"));
  }

  @Test
  void internalInconsistency() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "ok", "[:r 1 [1]] [:append 1 2] [:r 1 [1]]")
        .check();
    assertThat(r.anomalyTypes()).contains("internal");
    assertRulesOut(r, List.of("read-atomic", "snapshot-isolation", "serializable"), List.of("read-committed"));
  }

  @Test
  void incompatibleOrder() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "ok", "[:append 1 2]")
        .txn(2, "ok", "[:r 1 [1 2]]")
        .txn(3, "ok", "[:r 1 [2 1]]")
        .check();
    assertThat(r.anomalyTypes()).contains("incompatible-order");
    assertRulesOut(r, List.of("read-committed", "read-atomic"), List.of());
  }

  @Test
  void duplicateElements() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "ok", "[:r 1 [1 1]]")
        .check();
    assertThat(r.anomalyTypes()).contains("duplicate-elements");
    assertRulesOut(r, List.of("read-uncommitted"), List.of());
  }

  @Test
  void futureRead() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:r 1 [1]] [:append 1 1]")
        .check();
    assertThat(r.anomalyTypes()).contains("future-read");
    assertRulesOut(r, List.of("read-atomic", "read-committed"), List.of("read-uncommitted"));
  }

  @Test
  void dirtyUpdate() throws Exception {
    TxnResult r = history()
        .txn(0, "fail", "[:append 1 1]")
        .txn(1, "ok", "[:append 1 2]")
        .txn(2, "ok", "[:r 1 [1 2]]")
        .check();
    assertThat(r.anomalyTypes()).contains("dirty-update", "G1a");
    assertRulesOut(r, List.of("read-committed"), List.of("read-uncommitted"));
  }

  @Test
  void lostUpdate() throws Exception {
    TxnResult r = history()
        .invoke(0, "[:r 1 nil] [:append 1 1]")
        .invoke(1, "[:r 1 nil] [:append 1 2]")
        .complete(0, "ok", "[:r 1 []] [:append 1 1]")
        .complete(1, "ok", "[:r 1 []] [:append 1 2]")
        .txn(2, "ok", "[:r 1 [1 2]]")
        .check();
    assertThat(r.anomalyTypes()).contains("lost-update");
    assertRulesOut(r, List.of("cursor-stability", "repeatable-read", "update-atomic", "parallel-snapshot-isolation"),
        List.of("read-committed", "read-atomic"));
  }

  @Test
  void garbageRead() throws Exception {
    TxnResult r = history().txn(0, "ok", "[:r 1 [9]]").check();
    assertThat(r.anomalyTypes()).contains("garbage-read");
    assertRulesOut(r, List.of("read-uncommitted"), List.of());
  }

  @Test
  void g0Process() throws Exception {
    // Process 0 appends 1 then, later, 2 to key 1; the version order says 2 came first.
    TxnResult r = history()
        .event(0, "ok", "[:append 1 1]")
        .event(0, "ok", "[:append 1 2]")
        .event(1, "ok", "[:r 1 [2 1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G0-process");
    assertRulesOut(r, List.of("strong-session-read-uncommitted", "strong-session-serializable", "strict-serializable"),
        List.of("read-uncommitted", "serializable", "snapshot-isolation"));
  }

  @Test
  void gSingleRealtime() throws Exception {
    // T0's append completed before T1 began, but T1 did not see it: a stale read.
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1]")
        .txn(1, "ok", "[:r 1 []]")
        .txn(2, "ok", "[:r 1 [1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G-single-realtime");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertRulesOut(r, List.of("strict-serializable", "strong-snapshot-isolation"),
        List.of("serializable", "strong-session-serializable", "snapshot-isolation"));
    Anomaly a = r.anomalies().get("G-single-realtime").get(0);
    assertThat(r.explain(a)).contains("completed (event 1) before T1 began (event 2)");
  }

  @Test
  void completionsOnlyHaveNoRealTime() throws Exception {
    // The same stale read, without invocations: nothing orders T0 and T1 in time, so it is serializable and strict.
    TxnResult r = history()
        .event(0, "ok", "[:append 1 1]")
        .event(1, "ok", "[:r 1 []]")
        .event(2, "ok", "[:r 1 [1]]")
        .check();
    assertThat(r.anomalyTypes()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void ellesPaperExample() throws Exception {
    // One process, four transactions: the last read key 255 without T1's 8, which T2 had seen.
    TxnResult r = history()
        .txn(1, "ok", "[:append 253 1] [:append 253 3] [:append 253 4] [:append 255 2] [:append 255 3] [:append 255 4] [:append 255 5] [:append 256 1] [:append 256 2]")
        .txn(1, "ok", "[:append 255 8] [:r 253 [1 3 4]]")
        .txn(1, "ok", "[:append 256 4] [:r 255 [2 3 4 5 8]] [:r 256 [1 2 4]] [:r 253 [1 3 4]]")
        .txn(1, "ok", "[:append 250 10] [:r 253 [1 3 4]] [:r 255 [2 3 4 5]] [:append 256 3]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G-single");
    Anomaly a = r.anomalies().get("G-single").get(0);
    assertThat(a.steps()).extracting(Step::type).containsExactly(DepType.RW, DepType.WR, DepType.WW);
    assertThat(r.explain(a)).contains("T3 < T1, because T3 read key 255 at 5, before T1's append of 8.")
        .contains("However, T2 < T3, because T3 appended 3 after T2's append of 4 to key 256: a contradiction!");
    assertThat(r.not()).containsExactlyInAnyOrder("repeatable-read", "consistent-view");
  }
}
