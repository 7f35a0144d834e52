package faultline.checker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.jobs.JobsChecker.Promise;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A correct queue run for real under random concurrency, on a clock of its own: a claim takes
 * the earliest due job nobody holds at one moment inside its operation and holds it until the
 * run completes (ok: the job is done) or crashes (the claim is rolled back, and the job stays
 * queued), as a transaction with FOR UPDATE SKIP LOCKED does. Every such history is valid under
 * exactly-once; a run repeated by another worker, or a job dropped from the final read, is caught.
 */
class JobsProperties {
  private static final long MS = 1_000_000;

  record Simulated(List<Op> events, List<Object> ranOk, List<Object> queuedAtEnd) {}

  private static final class Open {
    Op invocation;
    boolean applied;
    Object job; // a claim's job, or null
  }

  static Simulated simulate(Random rnd, int workers, int ops) {
    List<Op> events = new ArrayList<>();
    Map<Object, Long> queue = new LinkedHashMap<>(); // job -> due, ms
    Set<Object> held = new HashSet<>();
    List<Object> ranOk = new ArrayList<>();
    Open[] open = new Open[workers];
    long[] processOf = new long[workers];
    for (int i = 0; i < workers; i++) processOf[i] = i;
    long next = workers, now = 0;
    int issued = 0, jobs = 0;
    while (issued < ops || java.util.Arrays.stream(open).anyMatch(o -> o != null)) {
      now += rnd.nextInt(20);
      int slot = rnd.nextInt(workers);
      Open o = open[slot];
      if (o == null) {
        if (issued >= ops) continue;
        issued++;
        o = new Open();
        o.invocation = rnd.nextInt(3) == 0 ? op(events, now, processOf[slot], OpType.INVOKE, "schedule", List.of("j" + jobs++, (long) rnd.nextInt(200)))
            : op(events, now, processOf[slot], OpType.INVOKE, "run", null);
        open[slot] = o;
      } else if (!o.applied && rnd.nextBoolean()) {
        o.applied = true;
        if (o.invocation.f().equals("schedule")) {
          List<?> v = (List<?>) o.invocation.value();
          queue.put(v.get(0), now + (Long) v.get(1));
        } else {
          long t = now;
          o.job = queue.entrySet().stream().filter(e -> e.getValue() <= t && !held.contains(e.getKey()))
              .min(Comparator.comparingLong(Map.Entry::getValue)).map(Map.Entry::getKey).orElse(null);
          if (o.job != null) held.add(o.job);
        }
      } else if (o.applied) {
        boolean crash = rnd.nextInt(8) == 0;
        boolean run = o.invocation.f().equals("run");
        if (run && o.job != null) {
          held.remove(o.job);
          if (!crash) {
            queue.remove(o.job);
            ranOk.add(o.job);
          }
        }
        Object value = run ? (o.job == null ? null : List.of(o.job)) : o.invocation.value();
        op(events, now, processOf[slot], crash ? OpType.INFO : OpType.OK, o.invocation.f(), value);
        if (crash) processOf[slot] = next++;
        open[slot] = null;
      }
    }
    List<Object> queued = new ArrayList<>(queue.keySet());
    op(events, now + 1, 99, OpType.INVOKE, "pending", null);
    op(events, now + 2, 99, OpType.OK, "pending", queued);
    return new Simulated(events, ranOk, queued);
  }

  /** Queued jobs whose schedule was acknowledged and that no run names (a crashed claim's job may have run). */
  private static List<Object> droppable(Simulated s) {
    Set<Object> named = new HashSet<>();
    Set<Object> acknowledged = new HashSet<>();
    for (Op e : s.events()) {
      if (e.f().equals("run") && e.value() instanceof List<?> v) named.add(v.get(0));
      if (e.f().equals("schedule") && e.type() == OpType.OK) acknowledged.add(((List<?>) e.value()).get(0));
    }
    return s.queuedAtEnd().stream().filter(j -> acknowledged.contains(j) && !named.contains(j)).toList();
  }

  static Op op(List<Op> events, long ms, long process, OpType type, String f, Object value) {
    Op op = new Op(events.size(), ms * MS, Process.client(process), type, f, "q0", value, null);
    events.add(op);
    return op;
  }

  @Property(tries = 300)
  boolean simulatedQueuesAreValid(@ForAll long seed) throws Exception {
    Simulated s = simulate(new Random(seed), 4, 80);
    return new JobsChecker(Promise.EXACTLY_ONCE, 0, 0).check(History.of("sim", s.events()), Budget.unlimited()).verdict() != Verdict.INVALID;
  }

  @Property(tries = 300)
  void aRepeatedRunOrADroppedJobIsCaught(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    Simulated s = simulate(rnd, 4, 80);
    List<Op> events = new ArrayList<>(s.events().subList(0, s.events().size() - 2));
    Op read = s.events().get(s.events().size() - 2);
    long end = read.time() / MS;
    if (!s.ranOk().isEmpty() && (s.queuedAtEnd().isEmpty() || rnd.nextBoolean())) {
      Object again = s.ranOk().get(rnd.nextInt(s.ranOk().size()));
      op(events, end, 98, OpType.INVOKE, "run", null);
      op(events, end + 1, 98, OpType.OK, "run", List.of(again));
      op(events, end + 2, 99, OpType.INVOKE, "pending", null);
      op(events, end + 3, 99, OpType.OK, "pending", s.queuedAtEnd());
    } else if (!droppable(s).isEmpty()) {
      List<Object> fewer = new ArrayList<>(s.queuedAtEnd());
      List<Object> candidates = droppable(s);
      fewer.remove(candidates.get(rnd.nextInt(candidates.size())));
      op(events, end, 99, OpType.INVOKE, "pending", null);
      op(events, end + 1, 99, OpType.OK, "pending", fewer);
    } else {
      return; // nothing ran, and nothing queued that the checker could miss
    }
    assertThat(new JobsChecker(Promise.EXACTLY_ONCE, 0, 0).check(History.of("sim", events), Budget.unlimited()).verdict())
        .isEqualTo(Verdict.INVALID);
  }
}
