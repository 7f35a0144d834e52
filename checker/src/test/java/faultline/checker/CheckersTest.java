package faultline.checker;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.counter.CounterChecker;
import faultline.checker.history.History;
import faultline.checker.linear.Budget;
import faultline.checker.model.Models;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.set.SetChecker;
import faultline.checker.set.SetFullChecker;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every checker through {@link Checkers#compose}, as a workload's bundle runs them. */
class CheckersTest {

  /** A register whose second read returns a value overwritten before it began: not linearizable. */
  private static History staleRegister() {
    return history().key("r1")
        .invoke(0, "write", 1L).ok(0, "write", 1L)
        .invoke(0, "write", 2L).ok(0, "write", 2L)
        .invoke(1, "read", null).ok(1, "read", 1L)
        .build();
  }

  private static Map<String, Checker> all(Checker extra) {
    Map<String, Checker> named = new LinkedHashMap<>();
    named.put("linearizable", new LinearizableCheck(Models.byName("register", null), Duration.ofSeconds(1), null));
    named.put("counter", new CounterChecker());
    named.put("set", new SetChecker());
    named.put("set-full", new SetFullChecker());
    if (extra != null) named.put("broken", extra);
    return named;
  }

  @Test
  void aThrowingCheckerIsUnknownWithItsReasonAndTheOthersStillRun() throws Exception {
    Checker broken = (h, b) -> {
      throw new IllegalStateException("bug in a checker");
    };
    Result r = Checkers.compose(all(broken)).check(staleRegister(), Budget.unlimited());

    assertThat(r.parts()).extracting(Result::name).containsExactly("linearizable", "counter", "set", "set-full", "broken");
    Result brokenPart = r.parts().get(4);
    assertThat(brokenPart.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(brokenPart.reason()).contains("IllegalStateException").contains("bug in a checker");
    // The register is not linearizable: that decides the whole, whatever the broken checker did.
    assertThat(r.parts().get(0).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.ruledOut()).contains("linearizable");
  }

  @Test
  void aThrowingCheckerMakesAnOtherwiseValidCompositionUnknownNeverValid() throws Exception {
    History fine = history().key("r1").invoke(0, "write", 1L).ok(0, "write", 1L).invoke(1, "read", null).ok(1, "read", 1L).build();
    Map<String, Checker> named = new LinkedHashMap<>();
    named.put("linearizable", new LinearizableCheck(Models.byName("register", null), null, null));
    named.put("broken", (h, b) -> {
      throw new StackOverflowError();
    });
    Result r = Checkers.compose(named).check(fine, Budget.unlimited());
    assertThat(r.parts().get(0).verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("broken").contains("StackOverflowError");
  }

  @Test
  void aViolationFoundByOneCheckerDoesNotCancelTheNextOnesBudget() throws Exception {
    Map<String, Checker> named = new LinkedHashMap<>();
    named.put("first", (h, b) -> {
      b.cancel(); // as a search does when it finds a violation
      return Result.of("first", Verdict.INVALID).build();
    });
    named.put("second", (h, b) -> Result.of("second", b.cancelled() ? Verdict.UNKNOWN : Verdict.VALID).build());
    Result r = Checkers.compose(named).check(staleRegister(), Budget.unlimited());
    assertThat(r.parts().get(1).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void nothingToComposeIsUnknown() throws Exception {
    assertThat(Checkers.compose(Map.of()).check(staleRegister(), Budget.unlimited()).verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void theLinearizabilityWitnessNamesItsOpsByRole() throws Exception {
    Result r = new LinearizableCheck(Models.byName("register", null), null, null).check(staleRegister(), Budget.unlimited());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    WitnessOp anomaly = r.witness().getFirst();
    assertThat(anomaly.role()).isEqualTo(WitnessOp.ANOMALY);
    assertThat(anomaly.invokeIndex()).isEqualTo(4);
    assertThat(anomaly.completeIndex()).isEqualTo(5);
    assertThat(anomaly.note()).contains("can't read 1 from register 2");
    assertThat(r.witness()).extracting(WitnessOp::role).contains(WitnessOp.BEFORE);
    assertThat(r.explanations().getFirst().type()).isEqualTo("not-linearizable");
    assertThat(r.explanations().getFirst().text()).startsWith("key \"r1\":");
    // One JSON shape: common fields beside the checker's own details.
    Map<String, Object> json = r.toJson();
    assertThat(json).containsEntry("checker", "linearizable").containsEntry("valid", false).containsKeys("witness", "witness-ops",
        "explanation-data", "partitions");
  }

  @Test
  void aCounterReadOutOfBoundsIsAnAnomalyOpWithItsExplanation() throws Exception {
    History h = history().key("c0")
        .invoke(0, "add", 2L).ok(0, "add", 2L)
        .invoke(1, "read", null).ok(1, "read", 1L)
        .build();
    Result r = new CounterChecker().check(h, Budget.unlimited());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.explanations()).extracting(Explanation::type).containsExactly("lost-update");
    assertThat(r.explanations().getFirst().data()).extractingByKey("read").hasToString("1");
    assertThat(r.witness()).singleElement().satisfies(op -> {
      assertThat(op.isAnomaly()).isTrue();
      assertThat(op.events()).isEqualTo("events 2-3");
    });
  }

  @Test
  void theFrontDoorGuessesTheModelAndSaysSo() throws Exception {
    HistoryCheck check = HistoryCheck.of(staleRegister());
    assertThat(check.modelName()).isEqualTo("register");
    assertThat(check.modelGuessed()).isTrue();
    Result r = check.timeLimit(Duration.ofSeconds(5)).check();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.ruledOut()).contains("linearizable");
    assertThat(r.lines()).anyMatch(l -> l.startsWith("consistency models (strongest first):"));
  }

  /** The README's first anomaly (docs/checking.md's witness), on the repository's own example history. */
  @Test
  void theReadmeExampleFindsTheStaleReadOfTheExampleHistory() throws Exception {
    java.nio.file.Path file = java.nio.file.Path.of("..", "examples", "register-stale-read.jsonl");
    Result r = HistoryCheck.of(file).model("register").timeLimit(Duration.ofSeconds(30)).check();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.lines().getFirst()).startsWith("key \"r1\":").contains("completed, but no order of the operations before it explains it");
    assertThat(r.witness()).extracting(WitnessOp::role).first().isEqualTo(WitnessOp.ANOMALY);
  }

  @Test
  void anUnknownModelIsRefusedByName() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryCheck.of(staleRegister()).model("nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown model 'nope'; known: register, cas-register");
  }

  @Test
  void aResultIsImmutable() {
    Result r = Result.of("x", Verdict.VALID).ruledOut(List.of("a")).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.ruledOut().add("b")).isInstanceOf(UnsupportedOperationException.class);
  }
}
