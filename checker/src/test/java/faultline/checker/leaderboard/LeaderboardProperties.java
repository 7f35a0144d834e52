package faultline.checker.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Boards run for real under random concurrency: each op takes effect at one moment between its
 * invocation and completion (a crashed one maybe never), so every history is one a correct store
 * gives. Both leaderboard checkers find them valid; a score lowered below what was acknowledged,
 * or a member left out of a read of every member, is caught.
 */
class LeaderboardProperties {
  private static final List<String> MEMBERS = List.of("ann", "bob", "cy", "dee");

  /** A simulated board's events, and its members' acknowledged totals at the end. */
  record Simulated(List<Op> events, Map<String, Long> acknowledged, Map<String, Long> state) {}

  static Simulated simulate(Random rnd, int processes, int ops) {
    List<Op> events = new ArrayList<>();
    Map<String, Long> state = new HashMap<>();
    Map<String, Long> acknowledged = new HashMap<>();
    Object[][] open = new Object[processes][]; // {invocation, applied?, result}
    long[] processOf = new long[processes];
    for (int i = 0; i < processes; i++) processOf[i] = i;
    long next = processes;
    int issued = 0;
    while (issued < ops || Arrays.stream(open).anyMatch(o -> o != null)) {
      int slot = rnd.nextInt(processes);
      Object[] o = open[slot];
      int action = rnd.nextInt(3);
      if (o == null) {
        if (issued >= ops) continue;
        issued++;
        int kind = rnd.nextInt(3);
        String member = MEMBERS.get(rnd.nextInt(MEMBERS.size()));
        Op invoke = switch (kind) {
          case 0 -> op(events, processOf[slot], OpType.INVOKE, "incr", List.of(member, 1L + rnd.nextInt(4)));
          case 1 -> op(events, processOf[slot], OpType.INVOKE, "score", member);
          default -> op(events, processOf[slot], OpType.INVOKE, "top", (long) rnd.nextInt(4));
        };
        open[slot] = new Object[] {invoke, false, null};
      } else if (action == 0 && !(boolean) o[1]) {
        o[2] = apply((Op) o[0], state);
        o[1] = true;
      } else if (action == 1 && (boolean) o[1]) {
        Op inv = (Op) o[0];
        boolean crash = rnd.nextInt(10) == 0;
        op(events, processOf[slot], crash ? OpType.INFO : OpType.OK, inv.f(), crash ? inv.value() : o[2]);
        if (!crash && inv.f().equals("incr")) acknowledged.merge((String) ((List<?>) inv.value()).get(0), (Long) ((List<?>) inv.value()).get(1), Long::sum);
        if (crash) processOf[slot] = next++;
        open[slot] = null;
      } else if (action == 2 && !(boolean) o[1] && ((Op) o[0]).f().equals("incr") && rnd.nextInt(4) == 0) {
        op(events, processOf[slot], OpType.INFO, "incr", ((Op) o[0]).value()); // crashed; may apply later, or never
        processOf[slot] = next++;
        open[slot] = null;
        if (rnd.nextBoolean()) apply((Op) o[0], state);
      }
    }
    return new Simulated(events, acknowledged, state);
  }

  private static Object apply(Op inv, Map<String, Long> state) {
    return switch (inv.f()) {
      case "incr" -> {
        List<?> v = (List<?>) inv.value();
        state.merge((String) v.get(0), (Long) v.get(1), Long::sum);
        yield v;
      }
      case "score" -> Arrays.asList(inv.value(), state.get((String) inv.value()));
      default -> ranking(state, (Long) inv.value());
    };
  }

  /** The board's top k (every member when k is at most 0), highest first, ties by name. */
  static List<List<Object>> ranking(Map<String, Long> state, long k) {
    return state.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed().thenComparing(Map.Entry::getKey))
        .limit(k > 0 ? k : Long.MAX_VALUE)
        .map(e -> List.<Object>of(e.getKey(), e.getValue()))
        .toList();
  }

  static Op op(List<Op> events, long process, OpType type, String f, Object value) {
    Op op = new Op(events.size(), events.size(), Process.client(process), type, f, "b0", value, null);
    events.add(op);
    return op;
  }

  @Property(tries = 200)
  boolean simulatedBoardsAreValid(@ForAll long seed) throws Exception {
    Simulated s = simulate(new Random(seed), 4, 60);
    History h = History.of("sim", s.events());
    return new TopKChecker().check(h, Budget.unlimited()).verdict() != Verdict.INVALID
        && new MemberScores().check(h, Budget.unlimited()).verdict() != Verdict.INVALID;
  }

  @Property(tries = 200)
  void aLoweredScoreOrALeftOutMemberIsCaught(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    Simulated s = simulate(rnd, 4, 60);
    String member = s.acknowledged().keySet().stream().sorted().findFirst().orElse(null);
    if (member == null) return; // nothing acknowledged: nothing to lose
    List<Op> events = new ArrayList<>(s.events());
    List<List<Object>> all = new ArrayList<>(ranking(s.state(), 0));
    if (rnd.nextBoolean()) {
      all.replaceAll(e -> e.get(0).equals(member) ? List.of(member, s.acknowledged().get(member) - 1) : e);
      all.sort(Comparator.comparingLong(e -> -(Long) e.get(1)));
    } else {
      all.removeIf(e -> e.get(0).equals(member));
    }
    op(events, 99, OpType.INVOKE, "top", 0L);
    op(events, 99, OpType.OK, "top", all);
    assertThat(new TopKChecker().check(History.of("sim", events), Budget.unlimited()).verdict()).isEqualTo(Verdict.INVALID);
  }
}
