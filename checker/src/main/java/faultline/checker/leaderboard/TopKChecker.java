package faultline.checker.leaderboard;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.NothingToJudge;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every top-k read of a leaderboard against the scores some state of the board could
 * have given while the read ran. Members' scores are counters, so each has bounds, as the counter
 * checker keeps them: at least what was acknowledged added before the read began, at most what
 * was added (and not known to have failed) by the time it ended. A top read is explained by one
 * state of the board when:
 *
 * <ul>
 *   <li>every score it shows lies within its member's bounds (below: a lost update; above: a
 *       phantom increment, or a member nobody added);
 *   <li>it shows each member once, highest first (ties in either order, as the tie-break is the
 *       store's);
 *   <li>no member it leaves out must have been there: when it shows k members, none left out had
 *       more than the last one shown acknowledged before the read began; when it shows fewer
 *       than k (or k is at most 0: every member), none left out had any increment acknowledged
 *       before it began.
 * </ul>
 *
 * Members are independent counters, so a score within its bounds and one ranking of them is
 * what a single state could give; a read's members are not required to show the same instant
 * (that would need a search, and the counter bounds already catch what is lost). With no
 * successful top read the verdict is unknown, as {@link NothingToJudge} has it.
 */
public final class TopKChecker implements Checker {
  /** Violations kept in full; the count says how many there were. */
  private static final int KEPT = 20;

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    Map<Object, Map<Object, long[]>> boards = new HashMap<>(); // board -> member -> {lower, upper, acknowledged adds}
    List<Violation> violations = new ArrayList<>();
    long[] counts = new long[4]; // invoked, ok, failed, top reads checked
    try {
      EventPairs.clients(history, new EventPairs.Visitor<Pending, RuntimeException>() {
        @Override
        public Pending invoked(int position, Op op, Pending stillOpen) {
          counts[0]++;
          Map<Object, long[]> board = boards.computeIfAbsent(op.key(), b -> new HashMap<>());
          return switch (op.f()) {
            case Leaderboard.INCR -> {
              Leaderboard.Entry e = Leaderboard.increment(op);
              long[] b = board.computeIfAbsent(e.member(), m -> new long[3]);
              b[1] = Math.addExact(b[1], e.score());
              yield new Pending(op, e, null);
            }
            case Leaderboard.TOP -> {
              Leaderboard.k(op);
              Map<Object, long[]> atInvoke = new HashMap<>();
              board.forEach((m, b) -> atInvoke.put(m, new long[] {b[0], b[2]}));
              yield new Pending(op, null, atInvoke);
            }
            default -> new Pending(op, null, null);
          };
        }

        @Override
        public void completed(int position, Op op, Pending started) {
          if (started == null) return;
          if (op.type() == OpType.OK) counts[1]++;
          else if (op.type() == OpType.FAIL) counts[2]++;
          Map<Object, long[]> board = boards.computeIfAbsent(op.key(), b -> new HashMap<>());
          if (started.increment() != null) {
            long[] b = board.get(started.increment().member());
            long n = started.increment().score();
            if (op.type() == OpType.OK) {
              b[0] = Math.addExact(b[0], n);
              b[2]++;
            } else if (op.type() == OpType.FAIL) {
              b[1] -= n;
            }
          } else if (started.lowerAtInvoke() != null && op.type() == OpType.OK) {
            counts[3]++;
            judge(started, op, Leaderboard.topRead(op), board, violations);
          }
        }
      });
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw Leaderboard.malformed(history, e instanceof IllegalArgumentException iae ? iae
          : new IllegalArgumentException("scores past 64 bits"));
    }
    long ok = counts[1], failed = counts[2], info = counts[0] - ok - failed;
    Verdict verdict = !violations.isEmpty() ? Verdict.INVALID : counts[3] == 0 ? NothingToJudge.verdict(ok, info, failed) : Verdict.VALID;
    List<Violation> kept = violations.stream().limit(KEPT).toList();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("top-reads", counts[3]);
    details.put("boards", boards.size());
    details.put("violations", violations.size());
    return Result.of("top-k", verdict)
        .summary(counts[3] + " top reads over " + boards.size() + " boards" + (violations.isEmpty() ? "" : "; "
            + violations.size() + " no state of the board gives"))
        .reason(verdict == Verdict.UNKNOWN ? NothingToJudge.reason(ok, info, failed, "successful top read") : null)
        .explain(kept.stream().map(Violation::explanation).toList())
        .witness(kept.stream().map(Violation::witness).toList())
        .details(details)
        .build();
  }

  private static void judge(Pending started, Op completion, List<Leaderboard.Entry> shown, Map<Object, long[]> board,
      List<Violation> out) {
    long k = Leaderboard.k(started.invocation());
    Set<Object> seen = new HashSet<>();
    Leaderboard.Entry previous = null;
    for (Leaderboard.Entry e : shown) {
      long[] now = board.get(e.member());
      long[] before = started.lowerAtInvoke().get(e.member());
      long lower = before == null ? 0 : before[0];
      long upper = now == null ? 0 : now[1];
      if (!seen.add(e.member())) {
        out.add(new Violation("duplicate-member", started.invocation(), completion, e.member(), e.score(),
            "shows " + Values.show(e.member()) + " twice"));
      } else if (now == null) {
        out.add(new Violation("phantom-member", started.invocation(), completion, e.member(), e.score(),
            "shows " + Values.show(e.member()) + ", which nobody had added to by the time it ended"));
      } else if (e.score() < lower) {
        out.add(new Violation("lost-update", started.invocation(), completion, e.member(), e.score(),
            "shows " + Values.show(e.member()) + " at " + e.score() + ", but " + lower
                + " had been acknowledged before it began: increments totalling at least " + (lower - e.score()) + " were lost"));
      } else if (e.score() > upper) {
        out.add(new Violation("phantom-increment", started.invocation(), completion, e.member(), e.score(),
            "shows " + Values.show(e.member()) + " at " + e.score() + ", but at most " + upper
                + " had been added by the time it ended"));
      }
      if (previous != null && e.score() > previous.score()) {
        out.add(new Violation("out-of-order", started.invocation(), completion, e.member(), e.score(),
            "shows " + Values.show(e.member()) + " at " + e.score() + " below " + Values.show(previous.member()) + " at "
                + previous.score() + ": not highest first"));
      }
      previous = e;
    }
    boolean full = k > 0 && shown.size() >= k;
    for (Map.Entry<Object, long[]> m : started.lowerAtInvoke().entrySet()) {
      if (seen.contains(m.getKey())) continue;
      long lower = m.getValue()[0];
      boolean certain = m.getValue()[1] > 0;
      if (full && certain && lower > previous.score()) {
        out.add(new Violation("left-out", started.invocation(), completion, m.getKey(), null,
            "leaves out " + Values.show(m.getKey()) + ", which had " + lower + " acknowledged before it began, more than the "
                + previous.score() + " of " + Values.show(previous.member()) + ", the last it shows"));
      } else if (!full && certain) {
        out.add(new Violation("left-out", started.invocation(), completion, m.getKey(), null,
            "leaves out " + Values.show(m.getKey()) + ", which had " + lower + " acknowledged before it began, though it shows only "
                + shown.size() + " members" + (k > 0 ? " of the " + k + " asked for" : "")));
      }
    }
  }

  /** What is kept of an open op: an increment's member and amount, or a top read's view of the board when it began. */
  private record Pending(Op invocation, Leaderboard.Entry increment, Map<Object, long[]> lowerAtInvoke) {}

  /** One thing no state of the board explains, in the read that shows it. */
  private record Violation(String type, Op invocation, Op completion, Object member, Long score, String what) {
    String text() {
      return "board " + Values.show(invocation.key()) + ": process " + invocation.process().label() + "'s top read (events "
          + invocation.index() + "-" + completion.index() + ") " + what;
    }

    Explanation explanation() {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("key", invocation.key());
      data.put("process", invocation.process().label());
      data.put("events", List.of(invocation.index(), completion.index()));
      data.put("member", member);
      if (score != null) data.put("score", score);
      data.put("read", completion.value());
      return new Explanation(type, data, text());
    }

    WitnessOp witness() {
      return new WitnessOp(WitnessOp.ANOMALY, invocation.key(), invocation.process().label(), "top " + Values.show(invocation.value()),
          completion.value(), invocation.index(), completion.index(), type + ": " + Values.show(member));
    }
  }
}
