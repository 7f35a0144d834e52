package faultline.checker.history;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.model.Register;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessTest {

  @Test
  void onlyTheNemesisIsNotAClient() {
    assertThat(Process.named("nemesis").isClient()).isFalse();
    assertThat(Process.named("c1").isClient()).isTrue();
    assertThat(Process.named("1").isClient()).isTrue();
    assertThat(Process.named("1")).isNotEqualTo(Process.client(1));
    assertThat(Process.client(1).isClient()).isTrue();
  }

  @Test
  void numberedClientsAreSharedBelowTheLimitAndEqualAboveIt() {
    assertThat(Process.client(7)).isSameAs(Process.client(7));
    assertThat(Process.client(Process.SHARED_CLIENTS - 1)).isSameAs(Process.client(Process.SHARED_CLIENTS - 1));
    assertThat(Process.client(Process.SHARED_CLIENTS)).isEqualTo(Process.client(Process.SHARED_CLIENTS))
        .isNotSameAs(Process.client(Process.SHARED_CLIENTS));
    assertThat(Process.client(-3)).isEqualTo(new Process.Client(-3));
    assertThat(((Process.Client) Process.client(9)).id()).isEqualTo(9);
  }

  @Test
  void namedClientsAreSearched() throws Exception {
    Op w = new Op(0, Op.NO_TIME, Process.named("c1"), OpType.INVOKE, "write", null, 1L, null);
    Op wOk = new Op(1, Op.NO_TIME, Process.named("c1"), OpType.OK, "write", null, 1L, null);
    Op r = new Op(2, Op.NO_TIME, Process.named("c2"), OpType.INVOKE, "read", null, null, null);
    Op rOk = new Op(3, Op.NO_TIME, Process.named("c2"), OpType.OK, "read", null, 4L, null);
    PairedHistory paired = PairedHistory.of(History.of("named", List.of(w, wOk, r, rOk)));
    assertThat(paired.operations()).hasSize(2);
    assertThat(new LinearizabilityChecker().check(paired, Register.plain(null), Budget.unlimited()).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void nothingToCheckIsUnknownNeverValid() throws Exception {
    var nemesisOnly = PairedHistory.of(history().nemesis(OpType.INFO, "start", null).nemesis(OpType.INFO, "stop", null).build());
    var result = new LinearizabilityChecker().check(nemesisOnly, Register.plain(null), Budget.unlimited());
    assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(result.reason()).isEqualTo("no client operation to check (only 2 nemesis events)");
    var crashedReadOnly = PairedHistory.of(history().invoke(0, "read", null).info(0, "read", null).build());
    assertThat(new LinearizabilityChecker().check(crashedReadOnly, Register.plain(null), Budget.unlimited()).verdict())
        .isEqualTo(Verdict.UNKNOWN);
  }
}
