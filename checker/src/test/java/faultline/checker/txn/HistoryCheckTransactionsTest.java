package faultline.checker.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Explanation;
import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The front door checks transactional histories too: the workload guessed as {@code faultline check} guesses it. */
class HistoryCheckTransactionsTest {
  private static final Path WRITE_SKEW = Path.of("..", "examples", "list-append-write-skew.jsonl");

  @Test
  void theExampleWriteSkewIsGuessedListAppendAndNotSerializable() throws Exception {
    HistoryCheck check = HistoryCheck.of(WRITE_SKEW);
    assertThat(check.modelName()).isEqualTo("list-append");
    assertThat(check.isTransactional()).isTrue();
    Result r = check.check();
    assertThat(r.name()).isEqualTo("list-append");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.explanations()).extracting(Explanation::type).contains("G2-item");
    assertThat(r.ruledOut()).contains("serializable", "strict-serializable").doesNotContain("read-committed");
    assertThat(r.details()).containsEntry("model", "list-append").containsEntry("model-guessed", true);
  }

  @Test
  void listAppendIsAModelToName() throws Exception {
    Result r = HistoryCheck.of(WRITE_SKEW).model("list-append").check();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.details()).containsEntry("model-guessed", false);
  }

  @Test
  void aFileTheFastReaderTakesGetsTheSameResultAsItsHistoryReadTheGeneralWay() throws Exception {
    HistoryCheck fast = HistoryCheck.of(WRITE_SKEW);
    Result r = fast.check();
    Result general = HistoryCheck.of(faultline.checker.format.HistoryFiles.read(WRITE_SKEW, null)).check();
    assertThat(r.verdict()).isEqualTo(general.verdict());
    assertThat(r.ruledOut()).isEqualTo(general.ruledOut());
    assertThat(r.lines()).isEqualTo(general.lines());
    assertThat(r.details().get("anomaly-types")).isEqualTo(general.details().get("anomaly-types"));
    assertThat(fast.history().ops()).hasSize(4); // read again the general way when asked for
  }

  @Test
  void theBudgetGivenBoundsTheCheckAndItsCancellationStopsIt() throws Exception {
    // The CLI gives each file a budget and cancels it past its time limit: the check must stop, unknown.
    Budget cancelled = Budget.of(Duration.ofSeconds(30), 0);
    cancelled.cancel();
    Result r = HistoryCheck.of(WRITE_SKEW).check(cancelled);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(HistoryCheck.of(WRITE_SKEW).check(Budget.of(Duration.ofSeconds(30), 0)).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void itsCheckerIsTheTransactionalOneForComposing() throws Exception {
    HistoryCheck check = HistoryCheck.of(WRITE_SKEW);
    Result r = check.checker().check(check.history(), Budget.of(Duration.ofSeconds(10), 0));
    assertThat(r.name()).isEqualTo("list-append");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void listsAndRegistersTogetherAreRefusedWithoutAModel() {
    History h = History.of("mixed", List.of(
        op(0, 0, OpType.INVOKE, "txn", List.of(List.of("w", 1L, 1L), List.of("append", 2L, 1L))),
        op(1, 0, OpType.OK, "txn", List.of(List.of("w", 1L, 1L), List.of("append", 2L, 1L)))));
    assertThatThrownBy(() -> HistoryCheck.of(h).check()).isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining("both list (append, reads of lists) and register (w, reads of single values) micro-ops appear; say --model");
  }

  @Test
  void theOptionsChooseTheModelsJudged() throws Exception {
    var weak = new TransactionalCheckers.Options(List.of("read-committed"), null, KeyOrders.NONE, null, false);
    assertThat(HistoryCheck.of(WRITE_SKEW).transactions(weak).check().verdict()).isEqualTo(Verdict.VALID);
  }

  private static Op op(int index, long process, OpType type, String f, Object value) {
    return new Op(index, index * 10L, Process.client(process), type, f, null, value, null);
  }

  @Test
  void aRegisterWriteMakesItRwRegisterAndAStaleReadIsFound() throws Exception {
    // T0 writes x=1 and commits; T1, after it in real time, reads nothing: not strict-serializable.
    History h = History.of("rw", List.of(
        op(0, 0, OpType.INVOKE, "txn", List.of(List.of("w", 1L, 1L))),
        op(1, 0, OpType.OK, "txn", List.of(List.of("w", 1L, 1L))),
        op(2, 1, OpType.INVOKE, "txn", List.of(Arrays.asList("r", 1L, null))),
        op(3, 1, OpType.OK, "txn", List.of(Arrays.asList("r", 1L, null)))));
    HistoryCheck check = HistoryCheck.of(h);
    assertThat(check.modelName()).isEqualTo("rw-register");
    Result r = check.check();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.ruledOut()).contains("strict-serializable");
  }

  @Test
  void transfersMakeItBankAndAWrongTotalIsFound() throws Exception {
    History h = History.of("bank", List.of(
        op(0, 0, OpType.INVOKE, "read", null),
        op(1, 0, OpType.OK, "read", Map.of(0L, 50L, 1L, 50L)),
        op(2, 1, OpType.INVOKE, "transfer", Map.of("from", 0L, "to", 1L, "amount", 10L)),
        op(3, 1, OpType.OK, "transfer", Map.of("from", 0L, "to", 1L, "amount", 10L)),
        op(4, 0, OpType.INVOKE, "read", null),
        op(5, 0, OpType.OK, "read", Map.of(0L, 40L, 1L, 50L))));
    HistoryCheck check = HistoryCheck.of(h);
    assertThat(check.modelName()).isEqualTo("bank");
    assertThat(check.check().verdict()).isEqualTo(Verdict.INVALID);
  }
}
