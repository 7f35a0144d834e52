package faultline.checker.set;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * set-full over histories of a real grow-only set under random concurrency (each op takes effect
 * at one moment within its interval; a crashed add maybe never): never a violation, and valid once
 * a last read sees the set; a last read missing an acknowledged element is caught as lost.
 */
class SetFullProperties {

  private record Sim(List<Op> events, TreeSet<Long> set, List<Long> acknowledged) {}

  private static Sim simulate(Random rnd, int processes, int ops, double crashRate) {
    List<Op> events = new ArrayList<>();
    TreeSet<Long> set = new TreeSet<>();
    List<Long> acknowledged = new ArrayList<>();
    long[] process = new long[processes];
    Object[] pending = new Object[processes]; // null idle; Long add value; "read" a read
    Object[] result = new Object[processes];
    boolean[] applied = new boolean[processes];
    for (int i = 0; i < processes; i++) process[i] = i;
    long next = processes, value = 1;
    int started = 0;
    long time = 0;
    while (true) {
      int p = rnd.nextInt(processes);
      boolean busy = pending[p] != null;
      if (!busy && started >= ops) {
        boolean anyBusy = false;
        for (Object o : pending) anyBusy |= o != null;
        if (!anyBusy) break;
        continue;
      }
      time += 1 + rnd.nextInt(1_000_000);
      if (!busy) {
        pending[p] = rnd.nextBoolean() ? (Object) (value++) : "read";
        applied[p] = false;
        boolean add = pending[p] instanceof Long;
        events.add(new Op(events.size(), time, Process.client(process[p]), OpType.INVOKE, add ? "add" : "read", "s", add ? pending[p] : null, null));
        started++;
      } else if (!applied[p]) {
        if (pending[p] instanceof Long v) set.add(v); else result[p] = List.copyOf(set);
        applied[p] = true;
      } else {
        boolean add = pending[p] instanceof Long;
        if (add && rnd.nextDouble() < crashRate) {
          events.add(new Op(events.size(), time, Process.client(process[p]), OpType.INFO, "add", "s", pending[p], "timeout"));
          process[p] = next++;
        } else {
          if (add) acknowledged.add((Long) pending[p]);
          events.add(new Op(events.size(), time, Process.client(process[p]), OpType.OK, add ? "add" : "read", "s", add ? pending[p] : result[p], null));
        }
        pending[p] = null;
      }
    }
    return new Sim(events, set, acknowledged);
  }

  private static History withLastRead(Sim sim, List<Long> read) {
    List<Op> events = new ArrayList<>(sim.events());
    long t = events.isEmpty() ? 0 : events.getLast().time();
    events.add(new Op(events.size(), t + 1, Process.client(1_000), OpType.INVOKE, "read", "s", null, null));
    events.add(new Op(events.size(), t + 2, Process.client(1_000), OpType.OK, "read", "s", read, null));
    return History.of("simulated", events);
  }

  @Property(tries = 300)
  void aRealSetIsNeverAViolationAndValidOnceReadAtTheEnd(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 60) int ops, @ForAll @IntRange(min = 0, max = 20) int crashPercent) {
    Sim sim = simulate(new Random(seed), processes, ops, crashPercent / 100.0);
    assertThat(new SetFullChecker().check(History.of("simulated", sim.events())).verdict()).as("seed %d", seed).isNotEqualTo(Verdict.INVALID);
    SetFullResult last = new SetFullChecker().check(withLastRead(sim, List.copyOf(sim.set())));
    assertThat(last.verdict()).as("seed %d", seed).isIn(sim.set().isEmpty() ? Verdict.UNKNOWN : Verdict.VALID, Verdict.VALID);
    assertThat(last.lost()).isEmpty();
  }

  @Property(tries = 300)
  void anAcknowledgedElementMissingFromTheLastReadIsLost(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int processes,
      @ForAll @IntRange(min = 1, max = 60) int ops, @ForAll @IntRange(min = 0, max = 20) int crashPercent) {
    Random rnd = new Random(seed);
    Sim sim = simulate(rnd, processes, ops, crashPercent / 100.0);
    if (sim.acknowledged().isEmpty()) return; // nothing acknowledged: nothing can be lost
    Long missing = sim.acknowledged().get(rnd.nextInt(sim.acknowledged().size()));
    List<Long> read = new ArrayList<>(sim.set());
    read.remove(missing);
    SetFullResult r = new SetFullChecker().check(withLastRead(sim, read));
    assertThat(r.verdict()).as("seed %d", seed).isEqualTo(Verdict.INVALID);
    assertThat(r.lost()).extracting(SetFullResult.Element::element).as("seed %d", seed).containsExactly(missing);
    assertThat(r.report(10)).anySatisfy(line -> assertThat(line).startsWith("lost: key \"s\": element " + missing));
  }
}
