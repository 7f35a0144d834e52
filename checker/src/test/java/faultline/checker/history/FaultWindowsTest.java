package faultline.checker.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultWindowsTest {
  private final List<Op> ops = new ArrayList<>();

  private void nemesis(OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ops.size() * 1_000_000_000L, Process.NEMESIS, type, f, null, value, null));
  }

  private void client() {
    ops.add(new Op(ops.size(), ops.size() * 1_000_000_000L, Process.client(0), OpType.INVOKE, "read", "k", null, null));
  }

  @Test
  void aFaultIsOnFromItsStartInvocationToItsStopCompletion() {
    client(); // 0
    nemesis(OpType.INVOKE, "start-failover", null); // 1
    nemesis(OpType.INFO, "start-failover", Map.of("primary", "n3")); // 2
    client(); // 3
    nemesis(OpType.INVOKE, "stop-failover", null); // 4
    nemesis(OpType.INFO, "stop-failover", null); // 5
    client(); // 6
    List<FaultWindows.Window> windows = FaultWindows.of(History.of("t", ops));
    assertThat(windows).hasSize(1);
    FaultWindows.Window w = windows.get(0);
    assertThat(w.fault()).isEqualTo("failover");
    assertThat(w.covers(0)).isFalse();
    assertThat(w.covers(1)).isTrue();
    assertThat(w.covers(5)).isTrue();
    assertThat(w.covers(6)).isFalse();
    assertThat(w.describe()).isEqualTo("failover (events 1-5, 1.00-5.00 s: primary \"n3\")");
  }

  @Test
  void jepsensPlainStartAndStopAHealAndTheEndOfTheHistoryCloseWindowsAndAFailedStartOpensNone() {
    nemesis(OpType.INVOKE, "start", null); // 0
    nemesis(OpType.INFO, "start", List.of("n1")); // 1
    nemesis(OpType.INVOKE, "stop", null); // 2
    nemesis(OpType.INFO, "stop", null); // 3
    nemesis(OpType.INVOKE, "start-partition", "ring"); // 4
    nemesis(OpType.FAIL, "start-partition", null); // 5: did nothing
    nemesis(OpType.INVOKE, "start-kill", null); // 6
    nemesis(OpType.INFO, "start-kill", null); // 7
    nemesis(OpType.INVOKE, "heal", null); // 8
    nemesis(OpType.INFO, "heal", null); // 9
    nemesis(OpType.INVOKE, "start-pause", null); // 10, never stopped
    client(); // 11
    List<FaultWindows.Window> windows = FaultWindows.of(History.of("t", ops));
    assertThat(windows).extracting(FaultWindows.Window::fault).containsExactly("", "kill", "pause");
    assertThat(windows).extracting(FaultWindows.Window::to).containsExactly(3L, 9L, 11L);
  }
}
