package faultline.checker.linear;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.OpType;
import faultline.checker.history.PairedHistory;
import faultline.checker.model.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A witness says which faults were in effect while its operation ran, and only those. */
class WitnessFaultsTest {

  @Test
  void aStaleReadUnderAPartitionNamesThePartition() throws Exception {
    var h = history()
        .invoke(0, "write", 1L).ok(0, "write", 1L) // events 0-1
        .nemesis(OpType.INVOKE, "start-partition", "isolate") // 2
        .nemesis(OpType.INFO, "start-partition", Map.of("isolated", List.of("n1"))) // 3
        .invoke(0, "write", 2L).ok(0, "write", 2L) // 4-5
        .invoke(1, "read", null).ok(1, "read", 1L) // 6-7: stale
        .nemesis(OpType.INVOKE, "stop-partition", null) // 8
        .nemesis(OpType.INFO, "stop-partition", null) // 9
        .build();
    var result = new LinearizabilityChecker(1).check(PairedHistory.of(h), Models.byName("register", null), Budget.unlimited());
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.witness().faults()).containsExactly("partition (events 2-9: isolated [\"n1\"])");
    assertThat(result.witness().explain()).contains("While it ran, partition (events 2-9: isolated [\"n1\"]) was in effect.");
  }

  @Test
  void aFaultHealedBeforeTheOperationBeganIsNotNamed() throws Exception {
    var h = history()
        .nemesis(OpType.INVOKE, "start-kill", null) // 0
        .nemesis(OpType.INFO, "start-kill", null) // 1
        .nemesis(OpType.INVOKE, "stop-kill", null) // 2
        .nemesis(OpType.INFO, "stop-kill", null) // 3
        .invoke(0, "write", 2L).ok(0, "write", 2L) // 4-5
        .invoke(1, "read", null).ok(1, "read", 1L) // 6-7: 1 was never written
        .build();
    var result = new LinearizabilityChecker(1).check(PairedHistory.of(h), Models.byName("register", null), Budget.unlimited());
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.witness().faults()).isEmpty();
    assertThat(result.witness().explain()).doesNotContain("While it ran");
  }
}
