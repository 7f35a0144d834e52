package faultline.checker.history;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairedHistoryTest {

  @Test
  void pairsInvocationsWithCompletions() throws Exception {
    var p = PairedHistory.of(history()
        .invoke(0, "write", 1L).invoke(1, "read", null)
        .ok(1, "read", 1L).info(0, "write", 1L)
        .invoke(2, "write", 2L).fail(2, "write", 2L)
        .invoke(3, "write", 3L).build());
    assertThat(p.operations()).hasSize(3);
    assertThat(p.failed()).isEqualTo(1);
    assertThat(p.crashed()).isEqualTo(2);
    Operation read = p.operations().get(1);
    assertThat(read.output()).isEqualTo(1L);
    assertThat(read.call()).isLessThan(read.ret());
  }

  @Test
  void completionWithoutInvocationNamesItsLine() {
    assertThatThrownBy(() -> PairedHistory.of(history()
            .invoke(0, "write", 1L).ok(0, "write", 1L).ok(0, "write", 1L).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessage("hand-made:3: ok write for process 0, which has no pending invocation");
  }

  @Test
  void secondInvocationWhilePendingIsRefused() {
    assertThatThrownBy(() -> PairedHistory.of(history().invoke(0, "write", 1L).invoke(0, "read", null).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining(":2: process 0 invoked read while its write invoked on line 1 has not completed");
  }

  @Test
  void completionOfAnotherFunctionIsRefused() {
    assertThatThrownBy(() -> PairedHistory.of(history().invoke(0, "write", 1L).ok(0, "read", 1L).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining(":2: ok read for process 0 completes a different function, write");
  }
}
