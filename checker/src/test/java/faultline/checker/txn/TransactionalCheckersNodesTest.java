package faultline.checker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cycle's explanation names the node each transaction ran on, as the history observed it. */
class TransactionalCheckersNodesTest {
  private static Op op(int index, long process, OpType type, List<?> value, String node) {
    return new Op(index, index * 10L, Process.client(process), type, "txn", null, value, null,
        node == null ? null : Map.of("name", node, "home", "/run/nodes/" + node + "/data", "run", "x"));
  }

  @Test
  void writeSkewAcrossAPrimaryAndAStandbyNamesBoth() throws Exception {
    // Write skew: each transaction appends to one key and reads the other empty.
    History h = History.of("skew", List.of(
        op(0, 0, OpType.INVOKE, List.of(List.of("append", 1L, 1L), Arrays.asList("r", 2L, null)), null),
        op(1, 0, OpType.OK, List.of(List.of("append", 1L, 1L), List.of("r", 2L, List.of())), "n1"),
        op(2, 1, OpType.INVOKE, List.of(List.of("append", 2L, 1L), Arrays.asList("r", 1L, null)), null),
        op(3, 1, OpType.OK, List.of(List.of("append", 2L, 1L), List.of("r", 1L, List.of())), "n2")));
    Result r = TransactionalCheckers.listAppend(Duration.ofSeconds(10)).check(h, Budget.of(Duration.ofSeconds(10), 0));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    String text = String.join("\n", r.lines());
    assertThat(text).contains("served by (as each server said): ").contains(" on n1").contains(" on n2");
    assertThat(r.explanations().get(0).toJson().toString()).contains("nodes");

    // Without node fields, the explanation is as before.
    History bare = History.of("skew", h.ops().stream().map(o -> new Op(o.index(), o.time(), o.process(), o.type(), o.f(), o.key(), o.value(), o.error())).toList());
    assertThat(String.join("\n", TransactionalCheckers.listAppend(Duration.ofSeconds(10)).check(bare, Budget.of(Duration.ofSeconds(10), 0)).lines()))
        .doesNotContain("served by");
  }
}
