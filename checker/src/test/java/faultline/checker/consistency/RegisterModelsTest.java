package faultline.checker.consistency;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.OpType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-written register histories whose verdict per model is known. */
class RegisterModelsTest {

  @Test
  void staleReadIsSequentiallyConsistentButNotLinearizable() {
    // p1 writes 1 and is acknowledged; afterwards p2 reads nil. Real time forbids it; p2 alone
    // may have read before the write in some total order, so sequential consistency allows it.
    History h = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(2, "read", null).ok(2, "read", null)
        .build();
    ModelReport report = DirectVerdicts.report(h, "register");
    assertThat(report.verdict("linearizable")).isEqualTo(Verdict.INVALID);
    assertThat(report.verdict("sequential")).isEqualTo(Verdict.VALID);
    assertThat(report.get("read-your-writes").impliedBy()).isEqualTo("sequential");
    assertThat(report.verdict("monotonic-reads")).isEqualTo(Verdict.VALID);
    assertThat(report.verdicts()).extracting(ModelVerdict::model).containsExactlyElementsOf(RegisterModels.NAMES);
    assertThat(report.toJson()).containsKey("sequential");
  }

  @Test
  void aProcessThatDoesNotSeeItsOwnWriteViolatesReadYourWrites() {
    History h = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(1, "read", null).ok(1, "read", null)
        .build();
    Map<String, Verdict> v = DirectVerdicts.of(h, "register");
    assertThat(v.get("sequential")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("read-your-writes")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("monotonic-reads")).isEqualTo(Verdict.VALID);

    ModelReport report = DirectVerdicts.report(h, "register");
    assertThat(report.verdict("read-your-writes")).isEqualTo(Verdict.INVALID);
    assertThat(report.get("read-your-writes").summary()).contains("process 1 wrote 1", "then read nil", "does not see its own write");
    assertThat(report.get("sequential").details()).containsKey("witness");
  }

  @Test
  void aReadGoingBackInTimeWithinAProcessViolatesMonotonicReads() {
    // p1 writes 1 then 2; p2 reads 2, then 1: its reads went back in time.
    History h = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(1, "write", 2L).ok(1, "write", 2L)
        .invoke(2, "read", null).ok(2, "read", 2L)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    Map<String, Verdict> v = DirectVerdicts.of(h, "register");
    assertThat(v.get("linearizable")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("sequential")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("monotonic-reads")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("read-your-writes")).isEqualTo(Verdict.VALID);
    assertThat(DirectVerdicts.report(h, "register").get("monotonic-reads").summary()).contains("went back in time");
  }

  @Test
  void aCasChainAgainstAProcessOrderViolatesMonotonicWrites() {
    // p1 sets 1 (by cas from 3) then writes 2; p2's acknowledged cas from 2 to 3 puts 2 before 3,
    // and so before 1: p1's writes took effect in the opposite order.
    History h = history()
        .invoke(1, "cas", java.util.List.of(3L, 1L)).ok(1, "cas", java.util.List.of(3L, 1L))
        .invoke(1, "write", 2L).ok(1, "write", 2L)
        .invoke(2, "cas", java.util.List.of(2L, 3L)).ok(2, "cas", java.util.List.of(2L, 3L))
        .build();
    Map<String, Verdict> v = DirectVerdicts.of(h, "cas-register");
    assertThat(v.get("monotonic-writes")).isEqualTo(Verdict.INVALID);
    assertThat(v.get("sequential")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void aWriteOrderedBeforeWhatItsProcessHadReadViolatesWritesFollowReads() {
    // p2 read 3 then wrote 4; yet cas 4 -> 3 (p3) shows 4 came before 3.
    History h = history()
        .invoke(1, "write", 3L).ok(1, "write", 3L)
        .invoke(2, "read", null).ok(2, "read", 3L)
        .invoke(2, "write", 4L).ok(2, "write", 4L)
        .build();
    assertThat(DirectVerdicts.of(h, "cas-register").get("writes-follow-reads")).isEqualTo(Verdict.VALID);
    History violated = history()
        .invoke(2, "read", null).ok(2, "read", 3L)
        .invoke(2, "write", 4L).ok(2, "write", 4L)
        .invoke(3, "cas", java.util.List.of(4L, 3L)).ok(3, "cas", java.util.List.of(4L, 3L))
        .build();
    assertThat(DirectVerdicts.of(violated, "cas-register").get("writes-follow-reads")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void finalReadsThatDisagreeViolateConvergenceUnlessACrashedWriteCanLand() {
    History diverged = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .nemesis(OpType.INFO, "heal", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .invoke(3, "read", null).ok(3, "read", null)
        .build();
    assertThat(DirectVerdicts.of(diverged, "register").get("convergence")).isEqualTo(Verdict.INVALID);

    History lateWrite = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(4, "write", 2L).info(4, "write", 2L)
        .nemesis(OpType.INFO, "heal", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .invoke(3, "read", null).ok(3, "read", 2L)
        .build();
    assertThat(DirectVerdicts.of(lateWrite, "register").get("convergence")).isEqualTo(Verdict.VALID);

    History agreeing = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .nemesis(OpType.INFO, "heal", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .invoke(3, "read", null).ok(3, "read", 1L)
        .build();
    assertThat(DirectVerdicts.of(agreeing, "register").get("convergence")).isEqualTo(Verdict.VALID);
  }

  @Test
  void finalReadsFollowTheHealInTheFileWhateverTheirTimes() {
    // The reads come after the heal in the file, their times (taken before the
    // events were written) a little earlier. The file's order decides: they are final reads.
    History diverged = history()
        .at(10).invoke(1, "write", 1L).at(20).ok(1, "write", 1L)
        .at(100).nemesis(OpType.INFO, "heal", null)
        .at(95).invoke(2, "read", null).at(110).ok(2, "read", 1L)
        .at(96).invoke(3, "read", null).at(111).ok(3, "read", null)
        .build();
    assertThat(DirectVerdicts.of(diverged, "register").get("convergence")).isEqualTo(Verdict.INVALID);
  }

  @Test
  void disagreementBeforeTheHealOrWithoutOneProvesNothing() {
    // Replicas may still be catching up until the faults are healed: only reads after it count.
    History noHeal = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .invoke(3, "read", null).ok(3, "read", null)
        .build();
    assertThat(DirectVerdicts.of(noHeal, "register").get("convergence")).isEqualTo(Verdict.UNKNOWN);

    History beforeHeal = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(3, "read", null).ok(3, "read", null)
        .nemesis(OpType.INFO, "heal", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .invoke(3, "read", null).ok(3, "read", 1L)
        .build();
    assertThat(DirectVerdicts.of(beforeHeal, "register").get("convergence")).isEqualTo(Verdict.VALID);
  }

  @Test
  void linearizableHistoryImpliesEveryWeakerModel() {
    History h = history()
        .invoke(1, "write", 1L).ok(1, "write", 1L)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    ModelReport report = DirectVerdicts.report(h, "register");
    for (ModelVerdict v : report.verdicts()) {
      assertThat(v.verdict()).as(v.model()).isEqualTo(Verdict.VALID);
      if (!v.model().equals("linearizable")) assertThat(v.impliedBy()).isEqualTo("linearizable");
    }
    assertThat(report.table().getFirst()).startsWith("linearizable");
  }

  @Test
  void sequentialConsistencyDoesNotComposeAcrossKeys() {
    // Two processes see two independent writes in opposite orders: each key alone is fine.
    History h = history()
        .key("x").invoke(1, "write", 1L).ok(1, "write", 1L)
        .key("y").invoke(2, "write", 1L).ok(2, "write", 1L)
        .key("y").invoke(1, "read", null).ok(1, "read", null)
        .key("x").invoke(2, "read", null).ok(2, "read", null)
        .build();
    Map<String, Verdict> v = DirectVerdicts.of(h, "register");
    assertThat(v.get("sequential")).isEqualTo(Verdict.INVALID);
    History x = history().key("x").invoke(1, "write", 1L).ok(1, "write", 1L).invoke(2, "read", null).ok(2, "read", null).build();
    assertThat(DirectVerdicts.of(x, "register").get("sequential")).isEqualTo(Verdict.VALID);
  }
}
