package faultline.checker.set;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
  private final List<Op> ops = new ArrayList<>();

  private void event(long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ops.size(), Process.client(process), type, f, "s0", value, null));
  }

  private SetResult check() {
    return new SetChecker().check(History.of("test", ops));
  }

  private void add(long process, long element, OpType outcome) {
    event(process, OpType.INVOKE, "add", element);
    event(process, outcome, "add", element);
  }

  private void read(long process, List<Long> elements) {
    event(process, OpType.INVOKE, "read", null);
    event(process, OpType.OK, "read", elements);
  }

  @Test
  void lostAddsAreTiedToTheFaultInEffectWhenTheyWereAcknowledged() {
    add(0, 1, OpType.OK); // events 0-1, before the fault: kept
    ops.add(new Op(ops.size(), ops.size(), Process.NEMESIS, OpType.INVOKE, "start-failover", null, null, null)); // 2
    ops.add(new Op(ops.size(), ops.size(), Process.NEMESIS, OpType.INFO, "start-failover", null, java.util.Map.of("primary", "n1"), null)); // 3
    add(0, 2, OpType.OK); // 4-5, lost
    add(1, 3, OpType.OK); // 6-7, lost
    ops.add(new Op(ops.size(), ops.size(), Process.NEMESIS, OpType.INVOKE, "stop-failover", null, null, null)); // 8
    ops.add(new Op(ops.size(), ops.size(), Process.NEMESIS, OpType.INFO, "stop-failover", null, null, null)); // 9
    add(0, 4, OpType.OK); // 10-11, lost after the fault
    read(2, List.of(1L));
    SetResult result = check();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.explanations().get(0)).isEqualTo("3 acknowledged adds were lost; they were acknowledged between events 5 and 11"
        + " (0.00-0.00 s): 2 of them while failover (events 2-9, 0.00-0.00 s: primary \"n1\") was in effect; 1 outside any fault");
    assertThat(result.explanations().get(1)).contains("lacks 3 acknowledged elements");
  }

  @Test
  void everyAcknowledgedAddInTheFinalReadIsValid() {
    add(0, 1, OpType.OK);
    add(1, 2, OpType.INFO); // may or may not be there
    add(0, 3, OpType.FAIL);
    read(2, List.of(1L));
    assertThat(check().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void infoAddsTheFinalReadShowsAreRecoveredAndOnlyThose() {
    add(0, 1, OpType.OK);
    add(1, 2, OpType.INFO); // took effect after all: the final read shows it
    add(2, 3, OpType.INFO); // never took effect
    read(3, List.of(2L)); // an earlier read: not the final one
    read(3, List.of(1L, 2L));
    SetResult r = check();
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.recovered()).containsExactly(java.util.Map.entry("s0", List.of(2L)));
    assertThat(r.recoveredJson()).containsEntry("count", 1L);
    assertThat(r.result().details()).containsKey("recovered-adds");
  }

  @Test
  void anAcknowledgedAddMissingFromTheFinalReadIsLost() {
    add(0, 1, OpType.OK);
    add(1, 2, OpType.OK);
    read(2, List.of(1L, 2L));
    read(2, List.of(2L));
    SetResult result = check();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.lostElements()).isEqualTo(1);
    assertThat(result.explanations()).containsExactly(
        "1 acknowledged add was lost; it was acknowledged at event 1 (0.00 s), while no fault was in effect",
        "key \"s0\": the final read (events 6-7) lacks 1 acknowledged element: #{1}");
  }

  @Test
  void anElementNobodyAddedIsUnexpected() {
    add(0, 1, OpType.OK);
    read(1, List.of(1L, 9L));
    assertThat(check().verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void aKeyWithoutAnyReadIsUnknown() {
    add(0, 1, OpType.OK);
    assertThat(check().verdict()).isEqualTo(Verdict.UNKNOWN);
  }
}
