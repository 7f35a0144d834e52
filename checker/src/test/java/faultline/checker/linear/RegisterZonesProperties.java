package faultline.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.SimulatedHistories;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.PairedHistory;
import faultline.checker.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The zone check must give exactly the search's verdict wherever it applies. Histories come from
 * a simulated register, then some reads are changed to a random value that was written (or nil),
 * which makes a mix of subtle valid and invalid histories.
 */
class RegisterZonesProperties {

  @Property(tries = 5000)
  void zonesAgreeWithTheSearch(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 40) int ops,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll @IntRange(min = 0, max = 3) int mutations) throws Exception {
    Random rnd = new Random(seed);
    var sim = SimulatedHistories.simulate(rnd, 1, processes, ops, crashPercent / 100.0, false);
    List<Op> events = new ArrayList<>(sim.get(0).events());
    List<Object> values = new ArrayList<>();
    values.add(null);
    for (Op e : events) if (e.type() == OpType.INVOKE && e.f().equals("write")) values.add(e.value());
    for (int m = 0; m < mutations; m++) {
      int i = rnd.nextInt(events.size());
      Op e = events.get(i);
      if (e.type() == OpType.OK && e.f().equals("read")) {
        events.set(i, new Op(e.index(), e.time(), e.process(), e.type(), e.f(), e.key(), values.get(rnd.nextInt(values.size())), null));
      }
    }
    History h = SimulatedHistories.merge(List.of(new SimulatedHistories.KeyHistory("k", events)), rnd);
    PairedHistory paired = PairedHistory.of(h);
    var model = Models.byName("register", null);
    Verdict searched = new LinearizabilityChecker(1, false).check(paired, model, Budget.unlimited()).verdict();
    Verdict zoned = new LinearizabilityChecker(1, true).check(paired, model, Budget.unlimited()).verdict();
    net.jqwik.api.statistics.Statistics.collect(searched);
    assertThat(zoned).as("seed %d", seed).isEqualTo(searched);
  }
}
