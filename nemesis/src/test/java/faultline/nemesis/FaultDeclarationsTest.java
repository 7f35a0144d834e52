package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every fault declares the f of the op that starts it and of the op that stops it ({@link Fault});
 * the windows that explanations name and reports shade ({@link FaultWindows}) must read exactly
 * those declarations as one window, or a fault would go unnamed beside the anomaly it caused.
 */
class FaultDeclarationsTest {

  @Test
  void everyDeclaredFaultOpensAndClosesOneWindowNamedAfterIt() {
    for (String name : List.of("partition", "partition-ring", "kill", "pause-primary", "failover", "failover-kill", "latency",
        "timeout:clients", "link-down:n2_to_n1", "bandwidth", "slicer", "limit-data", "reset-peer", "drop-replies",
        "disk-stall", "disk-stall-kill:500", "clock-skew", "clock-jump-primary:-500", "client-pause")) {
      Fault fault = Fault.parse(name);
      List<Op> ops = new ArrayList<>();
      ops.add(new Op(0, 0, Process.NEMESIS, OpType.INVOKE, fault.startF(), null, fault.startValue(), null));
      ops.add(new Op(1, 1, Process.NEMESIS, OpType.INFO, fault.startF(), null, "done", null));
      ops.add(new Op(2, 2, Process.NEMESIS, OpType.INVOKE, fault.stopF(), null, null, null));
      ops.add(new Op(3, 3, Process.NEMESIS, OpType.INFO, fault.stopF(), null, null, null));
      ops.add(new Op(4, 4, Process.NEMESIS, OpType.INVOKE, fault.startF(), null, fault.startValue(), null)); // open to the end
      List<FaultWindows.Window> windows = FaultWindows.of(History.of(name, ops));
      assertThat(windows).as(name).hasSize(2);
      assertThat(windows.get(0).from()).as(name).isEqualTo(0);
      assertThat(windows.get(0).to()).as(name).isEqualTo(3);
      assertThat(fault.startF()).as(name).isEqualTo("start-" + windows.get(0).fault());
      assertThat(windows.get(1).to()).as(name + ": never stopped, in effect to the end").isEqualTo(4);
    }
  }
}
