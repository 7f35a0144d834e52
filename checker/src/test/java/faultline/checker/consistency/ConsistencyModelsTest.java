package faultline.checker.consistency;

import static faultline.checker.consistency.ConsistencyModels.Family.SINGLE_OBJECT;
import static faultline.checker.consistency.ConsistencyModels.Family.TRANSACTIONAL;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** One lattice of every model, single-object and transactional, as Elle's consistency-model keeps them. */
class ConsistencyModelsTest {

  @Test
  void bothFamiliesAreInTheOneLatticeJoinedUnderStrictSerializable() {
    assertThat(ConsistencyModels.names(SINGLE_OBJECT)).containsExactly("linearizable", "sequential", "read-your-writes",
        "monotonic-reads", "monotonic-writes", "writes-follow-reads", "convergence", "counter", "set-full");
    assertThat(ConsistencyModels.names(TRANSACTIONAL)).startsWith("strict-serializable").endsWith("read-uncommitted").hasSize(19);
    assertThat(ConsistencyModels.weakerOrEqual(List.of("strict-serializable"))).contains("serializable", "linearizable", "sequential",
        "monotonic-reads");
    assertThat(ConsistencyModels.weakerOrEqual(List.of("serializable"))).doesNotContain("linearizable");
    assertThat(ConsistencyModels.family("counter")).isEqualTo(SINGLE_OBJECT);
    assertThat(ConsistencyModels.family("read-committed")).isEqualTo(TRANSACTIONAL);
    assertThat(ConsistencyModels.family("no-such-model")).isNull();
  }

  @Test
  void theRegisterModelsAreTheSingleObjectOnesButTheCounterAndSetAnalyses() {
    assertThat(RegisterModels.NAMES).containsExactly("linearizable", "sequential", "read-your-writes", "monotonic-reads",
        "monotonic-writes", "writes-follow-reads", "convergence");
    assertThat(ConsistencyModels.implies("linearizable")).containsExactly("sequential", "convergence", "counter", "set-full");
    assertThat(ConsistencyModels.implies("sequential")).containsExactly("read-your-writes", "monotonic-reads", "monotonic-writes",
        "writes-follow-reads");
  }

  @Test
  void arrowsAmongSomeModelsSkipTheModelsLeftOut() {
    assertThat(ConsistencyModels.arrows(List.of("linearizable", "counter"))).isEqualTo(Map.of("linearizable", List.of("counter"),
        "counter", List.of()));
    // strict-serializable implies sequential through linearizable, which is left out.
    assertThat(ConsistencyModels.arrows(List.of("strict-serializable", "sequential")).get("strict-serializable")).containsExactly("sequential");
    assertThat(ConsistencyModels.arrows(List.of("<unknown>", "linearizable")).get("<unknown>")).isEmpty();
    assertThat(ConsistencyModels.arrows(ConsistencyModels.names(TRANSACTIONAL)).get("serializable"))
        .containsExactlyInAnyOrder("repeatable-read", "snapshot-isolation");
  }

  @Test
  void anUndecidedModelIsRuledOutByTheWeakerOneViolatedAndSoAreTheStrongerOnes() {
    List<ModelVerdict> verdicts = new ArrayList<>();
    verdicts.add(ModelVerdict.checked("linearizable", Verdict.UNKNOWN, "undecided: out of time", Map.of("reason", "out of time")));
    verdicts.add(ModelVerdict.checked("sequential", Verdict.UNKNOWN, "undecided: out of time", Map.of("reason", "out of time")));
    verdicts.add(ModelVerdict.checked("read-your-writes", Verdict.VALID, "", Map.of()));
    verdicts.add(ModelVerdict.checked("monotonic-reads", Verdict.INVALID, "1 violation", Map.of()));
    verdicts.add(ModelVerdict.checked("monotonic-writes", Verdict.INVALID, "1 violation", Map.of()));
    verdicts.add(ModelVerdict.checked("writes-follow-reads", Verdict.VALID, "", Map.of()));
    verdicts.add(ModelVerdict.checked("convergence", Verdict.INVALID, "1 key diverged", Map.of()));
    ModelReport report = ModelReport.ruleOutUndecided(verdicts);

    assertThat(report.get("sequential").verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.get("sequential").impliedBy()).isEqualTo("monotonic-reads"); // the first violated, in the lattice's order
    assertThat(report.get("sequential").details()).containsEntry("search", "undecided: out of time").doesNotContainKey("reason");
    assertThat(report.get("linearizable").impliedBy()).isEqualTo("sequential"); // before convergence
    assertThat(report.verdicts()).extracting(ModelVerdict::model).containsExactlyElementsOf(RegisterModels.NAMES);
  }

  @Test
  void aCounterOutOfBoundsRulesOutAnUndecidedLinearizable() {
    ModelReport report = ModelReport.ruleOutUndecided(List.of(
        ModelVerdict.checked("linearizable", Verdict.UNKNOWN, "undecided: out of time", Map.of("reason", "out of time")),
        ModelVerdict.checked("counter", Verdict.INVALID, "1 read out of bounds", Map.of())));
    assertThat(report.get("linearizable").verdict()).isEqualTo(Verdict.INVALID);
    assertThat(report.get("linearizable").summary()).isEqualTo("ruled out: counter is violated (its own search was undecided)");

    ModelReport valid = ModelReport.ruleOutUndecided(List.of(
        ModelVerdict.checked("linearizable", Verdict.UNKNOWN, "undecided: out of time", Map.of("reason", "out of time")),
        ModelVerdict.checked("counter", Verdict.VALID, "0 out of bounds", Map.of())));
    assertThat(valid.get("linearizable").verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  /** Anomalies rule out transactional models only, and the ruled-out models are closed upward. */
  @Property(tries = 300)
  void anomaliesRuleOutTransactionalModelsOnlyAndEveryStrongerOne(@ForAll("anomalySets") Set<String> anomalies) {
    List<String> out = ConsistencyModels.ruledOut(anomalies);
    for (String m : out) assertThat(ConsistencyModels.family(m)).isEqualTo(TRANSACTIONAL);
    Set<String> stronger = ConsistencyModels.strongerOrEqual(out);
    stronger.retainAll(ConsistencyModels.names(TRANSACTIONAL));
    assertThat(out).containsExactlyInAnyOrderElementsOf(stronger);
  }

  @Provide
  Arbitrary<Set<String>> anomalySets() {
    return Arbitraries.of(List.copyOf(ConsistencyModels.anomalyNames())).set().ofMaxSize(4);
  }
}
