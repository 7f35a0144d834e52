package faultline.checker.txn;

import faultline.checker.consistency.ConsistencyModels;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** rw-register over histories of simulated register stores. */
class RwRegisterProperties {

  private static TxnResult check(TxnSimulation.Sim sim, KeyOrders orders) throws Exception {
    return TxnChecker.check(TxnHistory.of(sim.history()),
        new TxnChecker.Options(TxnWorkload.RW_REGISTER, List.of("strict-serializable"), null, null, orders));
  }

  @Property(tries = 300)
  void aSerializableStoreIsValidForEveryModelWithEveryKeyOrder(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 150) int txns,
      @ForAll @IntRange(min = 1, max = 6) int keys,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll boolean wfr, @ForAll boolean sequential, @ForAll boolean linearizable) throws Exception {
    var sim = TxnSimulation.simulate(new Random(seed), TxnSimulation.Store.SERIALIZABLE, processes, txns, keys, crashPercent / 100.0, 0.05, true);
    TxnResult r = check(sim, new KeyOrders(wfr, sequential, linearizable));
    assertThat(r.anomalyTypes()).as("seed %d: %s", seed, String.join("\n", r.text(2))).isEmpty();
    for (ModelOutcome m : r.models()) assertThat(m.verdict()).as(m.model()).isEqualTo(Verdict.VALID);
  }

  @Property(tries = 300)
  void aSnapshotIsolationStoreIsValidForSnapshotIsolation(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 150) int txns,
      @ForAll @IntRange(min = 2, max = 6) int keys,
      @ForAll boolean wfr, @ForAll boolean sequential) throws Exception {
    var sim = TxnSimulation.simulate(new Random(seed), TxnSimulation.Store.SNAPSHOT, processes, txns, keys, 0.05, 0.02, true);
    TxnResult r = check(sim, new KeyOrders(wfr, sequential, false));
    String shown = "seed " + seed + ":\n" + String.join("\n", r.text(2));
    for (String m : ConsistencyModels.weakerOrEqual(List.of("snapshot-isolation"))) {
      assertThat(r.models().stream().filter(o -> o.model().equals(m)).findFirst().orElseThrow().verdict()).as(m + " " + shown)
          .isEqualTo(Verdict.VALID);
    }
  }
}
