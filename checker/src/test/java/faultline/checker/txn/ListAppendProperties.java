package faultline.checker.txn;

import faultline.checker.consistency.ConsistencyModels;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of the list-append checker over histories of simulated stores. */
class ListAppendProperties {

  private static TxnResult check(History h) throws Exception {
    return TxnChecker.check(TxnHistory.of(h), TxnChecker.Options.defaults());
  }

  private static Verdict verdict(TxnResult r, String model) {
    return r.models().stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow().verdict();
  }

  @Property(tries = 300)
  void aSerializableStoreIsValidForEveryModel(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 150) int txns,
      @ForAll @IntRange(min = 1, max = 6) int keys,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent) throws Exception {
    var sim = TxnSimulation.simulate(new Random(seed), TxnSimulation.Store.SERIALIZABLE, processes, txns, keys, crashPercent / 100.0, 0.05);
    TxnResult r = check(sim.history());
    assertThat(r.anomalyTypes()).as("seed %d: %s", seed, String.join("\n", r.text(2))).isEmpty();
    for (ModelOutcome m : r.models()) assertThat(m.verdict()).as(m.model()).isEqualTo(Verdict.VALID);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Property(tries = 300)
  void aSnapshotIsolationStoreIsValidForSnapshotIsolationAndWeaker(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 150) int txns,
      @ForAll @IntRange(min = 2, max = 6) int keys,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent) throws Exception {
    var sim = TxnSimulation.simulate(new Random(seed), TxnSimulation.Store.SNAPSHOT, processes, txns, keys, crashPercent / 100.0, 0.02);
    TxnResult r = check(sim.history());
    String shown = "seed " + seed + ":\n" + String.join("\n", r.text(2));
    for (String m : ConsistencyModels.weakerOrEqual(List.of("strong-snapshot-isolation"))) {
      assertThat(verdict(r, m)).as(m + " " + shown).isEqualTo(Verdict.VALID);
    }
    // Whatever it found is write skew's kind (rw cycles with adjacent rw edges), ruling out serializable.
    for (String type : r.anomalyTypes()) assertThat(type).as(shown).startsWith("G2-item");
    assertThat(verdict(r, "serializable")).as(shown).isEqualTo(r.anomalyTypes().contains("G2-item") ? Verdict.INVALID : Verdict.VALID);
  }

  @Property(tries = 200)
  void writeSkewIsG2ItemAndNotSerializable(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 0, max = 80) int txns,
      @ForAll @IntRange(min = 2, max = 5) int keys) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, TxnSimulation.Store.SNAPSHOT, processes, txns, keys, 0.05, 0.02);
    long a = rnd.nextInt(keys), b = (a + 1 + rnd.nextInt(keys - 1)) % keys;
    TxnSimulation.injectPair(sim, a, b, false);
    TxnResult r = check(sim.history());
    assertThat(r.anomalyTypes()).as("seed %d", seed).contains("G2-item");
    assertThat(verdict(r, "serializable")).isEqualTo(Verdict.INVALID);
    assertThat(verdict(r, "snapshot-isolation")).isEqualTo(Verdict.VALID);
  }

  @Property(tries = 200)
  void anInjectedAnomalyIsFound(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 0, max = 100) int txns,
      @ForAll @IntRange(min = 2, max = 5) int keys,
      @ForAll @IntRange(min = 0, max = 2) int which) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, TxnSimulation.Store.SERIALIZABLE, processes, txns, keys, 0.1, 0.05);
    long a = rnd.nextInt(keys), b = (a + 1 + rnd.nextInt(keys - 1)) % keys;
    String expected = switch (which) {
      case 0 -> {
        TxnSimulation.injectAbortedRead(sim, a);
        yield "G1a";
      }
      case 1 -> {
        TxnSimulation.injectIntermediateRead(sim, a);
        yield "G1b";
      }
      default -> {
        TxnSimulation.injectPair(sim, a, b, true);
        yield "G1c";
      }
    };
    TxnResult r = check(sim.history());
    assertThat(r.anomalyTypes()).as("seed %d", seed).contains(expected);
    assertThat(verdict(r, "read-committed")).isEqualTo(Verdict.INVALID);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
  }

  /**
   * Integer values are their own codes in the inference; any other value gets a number from a
   * dictionary. Both must find the same anomalies, so the same history with every value written
   * as a string is checked alike.
   */
  @Property(tries = 200)
  void valuesAsStringsAreCheckedAsTheSameIntegers(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 100) int txns,
      @ForAll @IntRange(min = 2, max = 5) int keys,
      @ForAll boolean snapshot,
      @ForAll @IntRange(min = 0, max = 3) int which) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, snapshot ? TxnSimulation.Store.SNAPSHOT : TxnSimulation.Store.SERIALIZABLE,
        processes, txns, keys, 0.1, 0.05);
    switch (which) {
      case 0 -> TxnSimulation.injectAbortedRead(sim, 0);
      case 1 -> TxnSimulation.injectIntermediateRead(sim, 1);
      case 2 -> TxnSimulation.injectPair(sim, 0, 1, rnd.nextBoolean());
      default -> { }
    }
    History original = sim.history();
    List<Op> named = new ArrayList<>();
    for (Op op : original.ops()) {
      List<List<Object>> mops = new ArrayList<>();
      for (Object m : (List<?>) op.value()) {
        List<?> mop = (List<?>) m;
        mops.add(Arrays.asList(mop.get(0), mop.get(1), asStrings(mop.get(2))));
      }
      named.add(new Op(op.index(), op.time(), op.process(), op.type(), op.f(), op.key(), mops, op.error()));
    }
    TxnResult before = check(original);
    TxnResult after = check(History.of("named", named));
    assertThat(after.verdict()).as("seed %d", seed).isEqualTo(before.verdict());
    assertThat(after.anomalyTypes()).as("seed %d", seed).isEqualTo(before.anomalyTypes());
    for (String type : before.anomalyTypes()) {
      assertThat(after.anomalies().get(type)).as("seed %d: %s", seed, type).hasSameSizeAs(before.anomalies().get(type));
    }
    for (int i = 0; i < before.models().size(); i++) {
      assertThat(after.models().get(i).verdict()).as(before.models().get(i).model()).isEqualTo(before.models().get(i).verdict());
    }
  }

  private static Object asStrings(Object value) {
    if (value instanceof List<?> list) return list.stream().map(e -> (Object) ("v" + e)).toList();
    return value == null ? null : "v" + value;
  }

  @Property(tries = 200)
  void renamingAndReorderingIndependentKeysKeepsTheVerdict(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 100) int txns,
      @ForAll @IntRange(min = 2, max = 5) int keys,
      @ForAll boolean snapshot,
      @ForAll boolean inject) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, snapshot ? TxnSimulation.Store.SNAPSHOT : TxnSimulation.Store.SERIALIZABLE,
        processes, txns, keys, 0.05, 0.05);
    if (inject) TxnSimulation.injectPair(sim, 0, 1, rnd.nextBoolean());
    History original = sim.history();
    List<Long> perm = new ArrayList<>();
    for (long k = 0; k < keys; k++) perm.add(k);
    Collections.shuffle(perm, rnd);
    Map<Long, Long> rename = new HashMap<>();
    for (int k = 0; k < keys; k++) rename.put((long) k, 100 + perm.get(k));
    List<Op> moved = new ArrayList<>();
    for (Op op : original.ops()) {
      List<List<Object>> mops = new ArrayList<>();
      for (Object m : (List<?>) op.value()) {
        List<?> mop = (List<?>) m;
        mops.add(java.util.Arrays.asList(mop.get(0), rename.get((Long) mop.get(1)), mop.get(2)));
      }
      // Stable: steps on one key keep their order; steps on different keys are independent.
      mops.sort(Comparator.comparing(m -> (Long) m.get(1)));
      moved.add(new Op(op.index(), op.time(), op.process(), op.type(), op.f(), op.key(), mops, op.error()));
    }
    TxnResult before = check(original);
    TxnResult after = check(History.of("moved", moved));
    assertThat(after.verdict()).as("seed %d", seed).isEqualTo(before.verdict());
    for (int i = 0; i < before.models().size(); i++) {
      assertThat(after.models().get(i).verdict()).as(before.models().get(i).model()).isEqualTo(before.models().get(i).verdict());
    }
  }

  @Property(tries = 200)
  void aReadCommittedStoreIsValidForReadCommitted(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 10) int processes,
      @ForAll @IntRange(min = 1, max = 200) int txns,
      @ForAll @IntRange(min = 1, max = 5) int keys,
      @ForAll @IntRange(min = 0, max = 10) int crashPercent) throws Exception {
    var sim = TxnSimulation.simulate(new Random(seed), TxnSimulation.Store.READ_COMMITTED, processes, txns, keys, crashPercent / 100.0, 0.02);
    TxnResult r = check(sim.history());
    String shown = "seed " + seed + ":\n" + String.join("\n", r.text(2));
    for (String m : ConsistencyModels.weakerOrEqual(List.of("strong-read-committed"))) {
      assertThat(verdict(r, m)).as(m + " " + shown).isEqualTo(Verdict.VALID);
    }
  }
}
