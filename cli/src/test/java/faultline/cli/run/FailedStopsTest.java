package faultline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run says when a fault's stop failed (a restart refused), not only its history. */
class FailedStopsTest {

  private static Op nemesis(long index, OpType type, String f, String error) {
    return new Op(index, index, Process.NEMESIS, type, f, null, null, error);
  }

  @Test
  void aFailedStopIsOneLineNamingTheFirstReason() {
    History history = History.of("test", List.of(
        nemesis(0, OpType.INVOKE, "start-kill", null),
        nemesis(1, OpType.INFO, "start-kill", null),
        nemesis(2, OpType.INVOKE, "stop-kill", null),
        nemesis(3, OpType.FAIL, "stop-kill", "cannot undo kill of n1: another process (pid 7, not ours 8)\nanswers"),
        nemesis(4, OpType.INVOKE, "start-kill", null),
        nemesis(5, OpType.FAIL, "start-kill", "kill is already on n1"),
        nemesis(6, OpType.INVOKE, "stop-kill", null),
        nemesis(7, OpType.FAIL, "stop-kill", "cannot undo kill of n1: again")));

    assertThat(TestRun.failedStops(history)).contains("faultline: 2 fault stop(s) failed, the fault staying on; the first, "
        + "stop-kill: cannot undo kill of n1: another process (pid 7, not ours 8)\\nanswers");
  }

  @Test
  void failedStartsAndClientFailuresAreNotStops() {
    History history = History.of("test", List.of(
        nemesis(0, OpType.INVOKE, "start-kill", null),
        nemesis(1, OpType.FAIL, "start-kill", "no running node matches 'n9'"),
        new Op(2, 2, Process.client(1), OpType.INVOKE, "stop-x", "k", 1, null),
        new Op(3, 3, Process.client(1), OpType.FAIL, "stop-x", "k", 1, "refused")));

    assertThat(TestRun.failedStops(history)).isEmpty();
  }
}
