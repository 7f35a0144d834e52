package faultline.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Check;
import faultline.checker.Histories;
import faultline.checker.SimulatedHistories;
import faultline.checker.Verdict;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the linearizability checker over histories of a simulated real register. */
class LinearizabilityProperties {

  @Property(tries = 300)
  void historiesOfARealRegisterAreAccepted(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int keys,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 40) int ops,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll boolean cas) {
    Random rnd = new Random(seed);
    var sim = SimulatedHistories.simulate(rnd, keys, processes, ops, crashPercent / 100.0, cas);
    var history = SimulatedHistories.merge(sim, rnd);
    var result = Check.linearizable(history, cas ? "cas-register" : "register", null);
    if (result.partitions().isEmpty()) {
      // Only crashed reads or failed ops: nothing to check is no evidence, so unknown, unless every op failed.
      if (result.operations() == 0 && result.failed() > 0) {
        // Every op failed: nothing took effect, valid as Knossos judges it, saying why.
        assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.VALID);
        assertThat(result.reason()).startsWith("nothing took effect");
      } else {
        assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.reason()).startsWith(LinearizabilityChecker.NO_CLIENT_OPERATION);
      }
    } else {
      assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.VALID);
    }
  }

  @Property(tries = 300)
  void oneImpossibleReadIsRejected(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 3) int keys,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 2, max = 40) int ops,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll boolean cas) {
    Random rnd = new Random(seed);
    var sim = SimulatedHistories.simulate(rnd, keys, processes, ops, crashPercent / 100.0, cas);
    var target = sim.get(rnd.nextInt(sim.size()));
    if (!SimulatedHistories.injectImpossibleRead(target, rnd)) return; // no completed read to change
    var result = Check.linearizable(SimulatedHistories.merge(sim, rnd), cas ? "cas-register" : "register", null);
    assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
    assertThat(result.witness().key()).isEqualTo(target.key());
  }

  @Property(tries = 200)
  void interleavingOfIndependentKeysNeverChangesAVerdict(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 4) int keys,
      @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 30) int ops,
      @ForAll boolean inject) {
    Random rnd = new Random(seed);
    var sim = SimulatedHistories.simulate(rnd, keys, processes, ops, 0.05, true);
    if (inject) SimulatedHistories.injectImpossibleRead(sim.get(rnd.nextInt(sim.size())), rnd);
    Verdict first = Check.linearizable(SimulatedHistories.merge(sim, new Random(seed + 1)), "cas-register", null).verdict();
    Verdict second = Check.linearizable(SimulatedHistories.merge(sim, new Random(seed + 2)), "cas-register", null).verdict();
    assertThat(second).isEqualTo(first);
  }

  @Example
  void aTinyBudgetOnAHardHistoryGivesUnknown() {
    // 24 concurrent writes, then a read no write explains: proving that needs every subset.
    // Values repeat (0 or 1), so the zone check does not apply and the search must do it.
    var h = Histories.history();
    for (int p = 0; p < 24; p++) h.invoke(p, "write", (long) (p % 2));
    for (int p = 0; p < 24; p++) h.ok(p, "write", (long) (p % 2));
    h.invoke(99, "read", null).ok(99, "read", 1000L);
    var result = Check.linearizable(h.build(), "register", null, faultline.checker.linear.Budget.of(Duration.ofMillis(1), 0));
    assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(result.reason()).contains("time limit");
  }

  @Example
  void aTinyMemoryBudgetGivesUnknownNotAnError() {
    var h = Histories.history();
    for (int p = 0; p < 24; p++) h.invoke(p, "write", (long) (p % 2));
    for (int p = 0; p < 24; p++) h.ok(p, "write", (long) (p % 2));
    h.invoke(99, "read", null).ok(99, "read", 1000L);
    var result = Check.linearizable(h.build(), "register", null, faultline.checker.linear.Budget.of(null, 1 << 20));
    assertThat(result.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(result.reason()).contains("memory budget");
  }
}
