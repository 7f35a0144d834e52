package faultline.checker.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.SimulatedHistories;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The models form a hierarchy: linearizable implies sequential, which implies every session
 * guarantee; linearizable implies convergence. Each checker runs on its own here (no implication),
 * so these properties test the checkers against each other.
 */
class ModelHierarchyProperties {
  private static final List<String> SESSIONS = List.of("read-your-writes", "monotonic-reads", "monotonic-writes", "writes-follow-reads");

  @Property(tries = 150)
  void aSimulatedLinearizableHistoryPassesEveryModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int keys, @ForAll boolean cas) {
    Random rnd = new Random(seed);
    History h = SimulatedHistories.merge(SimulatedHistories.simulate(rnd, keys, 3, 12, 0.05, cas), rnd);
    Map<String, Verdict> v = DirectVerdicts.of(h, cas ? "cas-register" : "register");
    assertThat(v.get("linearizable")).isEqualTo(Verdict.VALID);
    assertThat(v.get("sequential")).isEqualTo(Verdict.VALID);
    for (String s : SESSIONS) assertThat(v.get(s)).as(s).isEqualTo(Verdict.VALID);
    // Simulated histories rarely end with two final reads: then convergence cannot be judged.
    assertThat(v.get("convergence")).isNotEqualTo(Verdict.INVALID);
  }

  @Property(tries = 300)
  void aHistoryValidForAModelIsValidForEveryWeakerModel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 2) int keys,
      @ForAll boolean cas, @ForAll @IntRange(min = 0, max = 3) int staleReads) {
    Random rnd = new Random(seed);
    History h = withStaleReads(SimulatedHistories.merge(SimulatedHistories.simulate(rnd, keys, 3, 10, 0.05, cas), rnd), staleReads, rnd);
    Map<String, Verdict> v = DirectVerdicts.of(h, cas ? "cas-register" : "register");
    if (v.get("linearizable") == Verdict.VALID) {
      assertThat(v.get("sequential")).isEqualTo(Verdict.VALID);
      assertThat(v.get("convergence")).isNotEqualTo(Verdict.INVALID);
    }
    if (v.get("sequential") == Verdict.VALID) {
      for (String s : SESSIONS) assertThat(v.get(s)).as(s).isEqualTo(Verdict.VALID);
    }
    // And the report never contradicts the direct verdicts it did not imply.
    ModelReport report = DirectVerdicts.report(h, cas ? "cas-register" : "register");
    for (ModelVerdict m : report.verdicts()) {
      if (!m.isImplied() && m.verdict() != Verdict.UNKNOWN) assertThat(m.verdict()).as(m.model()).isEqualTo(v.get(m.model()));
    }
  }

  /** Replaces up to {@code n} reads' values with values written earlier on the same key: stale reads. */
  private static History withStaleReads(History h, int n, Random rnd) {
    List<Op> ops = new ArrayList<>(h.ops());
    for (int round = 0; round < n; round++) {
      List<Integer> reads = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) if (ops.get(i).type() == OpType.OK && ops.get(i).f().equals("read")) reads.add(i);
      if (reads.isEmpty()) break;
      int at = reads.get(rnd.nextInt(reads.size()));
      Op read = ops.get(at);
      List<Object> earlier = new ArrayList<>();
      earlier.add(null);
      for (int i = 0; i < at; i++) {
        Op e = ops.get(i);
        if (e.type() == OpType.INVOKE && java.util.Objects.equals(e.key(), read.key())) {
          if (e.f().equals("write")) earlier.add(e.value());
          if (e.f().equals("cas")) earlier.add(((List<?>) e.value()).get(1));
        }
      }
      Object stale = earlier.get(rnd.nextInt(earlier.size()));
      ops.set(at, new Op(read.index(), read.time(), read.process(), read.type(), read.f(), read.key(), stale, null));
    }
    return History.of("stale", ops);
  }
}
