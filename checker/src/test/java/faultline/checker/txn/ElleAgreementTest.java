package faultline.checker.txn;

import faultline.checker.consistency.ConsistencyModels;
import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.format.HistoryFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The minimal histories on which faultline and Elle disagreed, in Elle's EDN, one op map
 * a line, with Elle's anomaly types and models ruled out; and, for the differences kept on
 * purpose, what faultline says instead (docs/checking.md, "Where faultline and Elle differ").
 */
class ElleAgreementTest {

  private static TxnResult check(KeyOrders orders, String... ops) throws Exception {
    var history = HistoryFormat.EDN.read("elle.edn", "[" + String.join("\n", ops) + "]");
    return TxnChecker.check(TxnHistory.of(history), new TxnChecker.Options(null, List.of("strict-serializable"), null, null, orders));
  }

  private static Set<String> invalid(TxnResult r) {
    Set<String> out = new TreeSet<>();
    for (ModelOutcome m : r.models()) if (m.verdict() == Verdict.INVALID) out.add(m.model());
    return out;
  }

  /** The values each step of every reported cycle cites, and the transactions it passes through. */
  private static List<Step> cycleSteps(TxnResult r) {
    return r.anomalies().values().stream().flatMap(List::stream).flatMap(a -> a.steps().stream()).toList();
  }

  private static boolean is(Object value, long n) {
    return value instanceof Number v && v.longValue() == n;
  }

  @Test
  void aLostUpdateIsFoundWhateverTheSecondReadSaw() throws Exception {
    TxnResult r = check(KeyOrders.NONE,
        "{:index 0, :time 0, :type :invoke, :process 0, :f :txn, :value [[:w 1 1]]}",
        "{:index 1, :time 1, :type :ok, :process 0, :f :txn, :value [[:w 1 1]]}",
        "{:index 2, :time 2, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil] [:w 1 2]]}",
        "{:index 3, :time 3, :type :invoke, :process 2, :f :txn, :value [[:r 1 nil] [:r 1 nil] [:w 1 3]]}",
        "{:index 4, :time 4, :type :ok, :process 1, :f :txn, :value [[:r 1 1] [:w 1 2]]}",
        "{:index 5, :time 5, :type :ok, :process 2, :f :txn, :value [[:r 1 1] [:r 1 2] [:w 1 3]]}");
    assertThat(r.anomalyTypes()).containsExactlyInAnyOrder("internal", "lost-update");
    assertThat(r.not()).containsExactlyInAnyOrder("cursor-stability", "read-atomic");
    assertThat(r.explain(r.anomalies().get("lost-update").get(0))).contains("T1 and T2 both read key 1 as 1");
  }

  @Test
  void noCycleRunsThroughAFailedTransaction() throws Exception {
    TxnResult r = check(KeyOrders.NONE,
        "{:index 0, :time 0, :type :invoke, :process 0, :f :txn, :value [[:append 1 1]]}",
        "{:index 1, :time 1, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil] [:append 2 1]]}",
        "{:index 2, :time 2, :type :invoke, :process 2, :f :txn, :value [[:r 2 nil] [:r 1 nil]]}",
        "{:index 3, :time 3, :type :ok, :process 1, :f :txn, :value [[:r 1 [1]] [:append 2 1]]}",
        "{:index 4, :time 4, :type :ok, :process 2, :f :txn, :value [[:r 2 [1]] [:r 1 []]]}",
        "{:index 5, :time 5, :type :fail, :process 0, :f :txn, :value [[:append 1 1]]}");
    assertThat(r.anomalyTypes()).containsExactly("G1a");
    assertThat(r.not()).containsExactly("read-committed");
  }

  /**
   * A future read still orders its transaction as Elle's rw-mop-deps do: T1's unobserved append
   * to key 1 comes after the highest element read there (T0's own 1, read before T0 appended it),
   * so T0, which read key 1 ending at 1, did not see it (rw), while T0 saw T1's append to key 2
   * (wr): a cycle, found by a jqwik property (FailedAndIntermediateProperties) in CI.
   */
  @Test
  void aFutureReadOrdersItsReaderAsElleOrdersIt() throws Exception {
    TxnResult r = check(KeyOrders.NONE,
        "{:index 0, :time 0, :type :invoke, :process 0, :f :txn, :value [[:r 1 nil] [:append 1 1] [:append 1 2] [:r 2 nil]]}",
        "{:index 1, :time 1, :type :invoke, :process 1, :f :txn, :value [[:append 1 3] [:append 2 5]]}",
        "{:index 2, :time 2, :type :ok, :process 1, :f :txn, :value [[:append 1 3] [:append 2 5]]}",
        "{:index 3, :time 3, :type :ok, :process 0, :f :txn, :value [[:r 1 [1]] [:append 1 1] [:append 1 2] [:r 2 [5]]]}");
    assertThat(r.anomalyTypes()).contains("future-read", "G-single");
    Step rw = r.anomalies().get("G-single").get(0).steps().stream().filter(s -> s.type() == DepType.RW).findFirst().orElseThrow();
    assertThat(rw.from().name()).isEqualTo("T0");
    assertThat(is(rw.value(), 1)).as("the element T0 read, its own").isTrue();
    assertThat(is(rw.next(), 3)).as("T1's append it missed").isTrue();
  }

  @Test
  void anIntermediateWriteIsNoVersion() throws Exception {
    TxnResult r = check(KeyOrders.NONE,
        "{:index 0, :time 0, :type :invoke, :process 0, :f :txn, :value [[:w 1 1] [:w 1 2]]}",
        "{:index 1, :time 1, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil] [:w 2 1]]}",
        "{:index 2, :time 2, :type :invoke, :process 2, :f :txn, :value [[:r 2 nil] [:r 1 nil]]}",
        "{:index 3, :time 3, :type :ok, :process 1, :f :txn, :value [[:r 1 1] [:w 2 1]]}",
        "{:index 4, :time 4, :type :ok, :process 2, :f :txn, :value [[:r 2 1] [:r 1 nil]]}",
        "{:index 5, :time 5, :type :ok, :process 0, :f :txn, :value [[:w 1 1] [:w 1 2]]}");
    assertThat(r.anomalyTypes()).containsExactly("G1b");
    assertThat(r.not()).containsExactly("read-committed");
  }

  @Test
  void anIntermediateAppendIsNoVersionEither() throws Exception {
    // The list-append form of the history above: T1 read T0's first append only.
    TxnResult r = history()
        .invoke(0, "[:append 1 1] [:append 1 2]")
        .invoke(1, "[:r 1 nil] [:append 2 1]")
        .invoke(2, "[:r 2 nil] [:r 1 nil]")
        .complete(1, "ok", "[:r 1 [1]] [:append 2 1]")
        .complete(2, "ok", "[:r 2 [1]] [:r 1 []]")
        .complete(0, "ok", "[:append 1 1] [:append 1 2]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G1b");
  }

  @Test
  void sequentialKeysOnAStaleReadOfTheProcessOwnWriteAreCyclicVersionsNotACrash() throws Exception {
    TxnResult r = check(new KeyOrders(false, true, false),
        "{:index 0, :time 0, :type :invoke, :process 0, :f :txn, :value [[:w 49 3]]}",
        "{:index 1, :time 1, :type :ok, :process 0, :f :txn, :value [[:w 49 3]]}",
        "{:index 2, :time 2, :type :invoke, :process 1, :f :txn, :value [[:r 53 nil] [:w 49 6] [:w 53 2]]}",
        "{:index 3, :time 3, :type :ok, :process 1, :f :txn, :value [[:r 53 nil] [:w 49 6] [:w 53 2]]}",
        "{:index 4, :time 4, :type :invoke, :process 1, :f :txn, :value [[:r 49 nil] [:r 53 nil]]}",
        "{:index 5, :time 5, :type :ok, :process 1, :f :txn, :value [[:r 49 3] [:r 53 nil]]}");
    assertThat(r.anomalyTypes()).contains("cyclic-versions");
    // Beside Elle's cyclic-versions: the stale read itself, in process order (initial state first needs no assumption).
    assertThat(r.anomalyTypes()).containsExactlyInAnyOrder("cyclic-versions", "G-single-process");
  }

  @Test
  void aRefutedOrderIsDroppedButTheInitialStateStaysFirst() throws Exception {
    TxnResult r = check(new KeyOrders(false, false, true),
        "{:index 0, :type :invoke, :process 0, :f :txn, :value [[:w 1 1]]}",
        "{:index 1, :type :ok, :process 0, :f :txn, :value [[:w 1 1]]}",
        "{:index 2, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil]]}",
        "{:index 3, :type :ok, :process 1, :f :txn, :value [[:r 1 nil]]}");
    assertThat(r.anomalyTypes()).containsExactlyInAnyOrder("cyclic-versions", "G-single-realtime");
  }

  @Test
  void aRefutedOrderIsDroppedForEveryKey() throws Exception {
    // Key 1 refutes real time as a version order (written, then read as nil later). On key 2 the
    // same assumption would put T2's read of 1 before T3's write of 2, and T3's write of key 3,
    // which T2 read, would close a G-single: no longer, as Elle drops the source for every key.
    TxnResult r = check(new KeyOrders(false, false, true),
        "{:index 0, :type :invoke, :process 0, :f :txn, :value [[:w 1 1] [:w 2 1]]}",
        "{:index 1, :type :ok, :process 0, :f :txn, :value [[:w 1 1] [:w 2 1]]}",
        "{:index 2, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil]]}",
        "{:index 3, :type :ok, :process 1, :f :txn, :value [[:r 1 nil]]}",
        "{:index 4, :type :invoke, :process 2, :f :txn, :value [[:r 2 nil] [:r 3 nil]]}",
        "{:index 5, :type :invoke, :process 3, :f :txn, :value [[:w 2 2] [:w 3 1]]}",
        "{:index 6, :type :ok, :process 3, :f :txn, :value [[:w 2 2] [:w 3 1]]}",
        "{:index 7, :type :ok, :process 2, :f :txn, :value [[:r 2 1] [:r 3 1]]}");
    assertThat(r.anomalyTypes()).containsExactlyInAnyOrder("cyclic-versions", "G-single-realtime");
    assertThat(r.anomalies().get("cyclic-versions")).hasSize(1);
    assertThat(cycleSteps(r)).noneMatch(s -> is(s.key(), 2));
  }

  @Test
  void underSequentialKeysOnlyATransactionsLastWriteIsInstalled() throws Exception {
    // Process 1 reads 3, then writes 1 and 2: only 2 is installed, so 3 < 2. Process 0 reads 2,
    // then writes 3: 2 < 3. A cycle, which ordering the intermediate 1 instead would have hidden.
    TxnResult r = check(new KeyOrders(false, true, false),
        "{:index 0, :type :invoke, :process 0, :f :txn, :value [[:r 1 nil]]}",
        "{:index 1, :type :invoke, :process 1, :f :txn, :value [[:r 1 nil]]}",
        "{:index 2, :type :ok, :process 1, :f :txn, :value [[:r 1 3]]}",
        "{:index 3, :type :invoke, :process 1, :f :txn, :value [[:w 1 1] [:w 1 2]]}",
        "{:index 4, :type :ok, :process 1, :f :txn, :value [[:w 1 1] [:w 1 2]]}",
        "{:index 5, :type :ok, :process 0, :f :txn, :value [[:r 1 2]]}",
        "{:index 6, :type :invoke, :process 0, :f :txn, :value [[:w 1 3]]}",
        "{:index 7, :type :ok, :process 0, :f :txn, :value [[:w 1 3]]}");
    assertThat(r.anomalyTypes()).contains("cyclic-versions");
    assertThat(r.anomalyTypes()).doesNotContain("G0");
    assertThat(cycleSteps(r)).noneMatch(s -> is(s.value(), 1) || is(s.next(), 1));
  }

  @Test
  void aProcessCycleRulesOutTheSessionModelsAndNoMore() throws Exception {
    // Completions only: process 1 appends 2 to key 7, then reads key 7 as [1]. Elle draws no
    // process edge here (or, with invocations, names it real time); faultline names it process order.
    TxnResult r = history()
        .event(0, "ok", "[:append 7 1]")
        .event(1, "ok", "[:append 7 2]")
        .event(1, "ok", "[:r 7 [1]]")
        .check();
    assertThat(r.anomalyTypes()).containsExactly("G-single-process");
    assertThat(invalid(r)).containsExactlyInAnyOrder("strict-serializable", "strong-session-serializable",
        "strong-snapshot-isolation", "strong-session-snapshot-isolation");
    assertThat(r.not()).containsExactly("strong-session-snapshot-isolation");
    // Each process cycle rules out exactly what its real-time counterpart does, plus the session models.
    for (String shape : List.of("G0", "G1c", "G-single", "G-nonadjacent", "G2-item")) {
      Set<String> process = new TreeSet<>(ConsistencyModels.ruledOut(List.of(shape + "-process")));
      Set<String> realtime = new TreeSet<>(ConsistencyModels.ruledOut(List.of(shape + "-realtime")));
      Set<String> data = new TreeSet<>(ConsistencyModels.ruledOut(List.of(shape)));
      assertThat(process).as(shape).containsAll(realtime);
      assertThat(process).as(shape).allMatch(m -> realtime.contains(m) || m.startsWith("strong-session-"));
      assertThat(data).as(shape).containsAll(process);
    }
  }

  @Test
  void everyCycleTypeFoundIsListedEachOfThemReal() throws Exception {
    // T0 and T1 append to keys 1 and 2 in opposite orders (G0); T2 read each key after one of
    // them, which also closes a G-single. Elle may stop at G0; faultline lists both.
    TxnResult r = history()
        .txn(0, "ok", "[:append 1 1] [:append 2 1]")
        .txn(1, "ok", "[:append 1 2] [:append 2 2]")
        .txn(2, "ok", "[:r 1 [1]] [:r 2 [2]]")
        .txn(3, "ok", "[:r 1 [1 2]] [:r 2 [2 1]]")
        .check(new TxnChecker.Options(null, List.of("serializable"), null, null));
    assertThat(r.anomalyTypes()).contains("G0", "G-single");
    for (List<Anomaly> list : r.anomalies().values()) {
      for (Anomaly a : list) {
        if (!a.isCycle()) continue;
        List<Step> steps = a.steps();
        for (int i = 0; i < steps.size(); i++) assertThat(steps.get(i).to()).isEqualTo(steps.get((i + 1) % steps.size()).from());
      }
    }
  }

  @Test
  void aValueNobodyWroteIsAGarbageRead() throws Exception {
    // Elle does not look for it (elle-cli's rw-register.edn is valid there).
    TxnResult r = history().txn(0, "ok", "[:w 1 1]").txn(1, "ok", "[:r 1 5]").check();
    assertThat(r.anomalyTypes()).containsExactly("garbage-read");
    assertThat(invalid(r)).contains("read-uncommitted");
  }
}
