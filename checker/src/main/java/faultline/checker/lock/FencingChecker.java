package faultline.checker.lock;

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
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fencing, as Martin Kleppmann describes it for leases: each acquire hands out a token that grows
 * with every grant, each write to the protected resource carries its holder's token, and the
 * resource refuses a write whose token is older than one it has seen. Two clients may then both
 * believe they hold the lock (a paused holder whose lease ran out), and still nothing protected is
 * lost: the stale holder's write is refused.
 *
 * <p>The check, per lock: no {@code add} with token t is acknowledged if it began after an add with
 * a newer token t' &gt; t was acknowledged (the resource would have accepted a stale write). The
 * result also says how many writes the resource refused as stale ({@code fail}) and how often two
 * clients believed they held the lock at once ({@link Overlap}, no search): that, with the
 * resource's own check valid, is what fencing is for.
 */
public final class FencingChecker implements Checker {
  public static final String NAME = "fencing";
  private static final int KEPT = 20;

  /** An acknowledged write whose token was older than one the resource had acknowledged before it began. */
  record StaleWrite(Object key, Object process, long invokeIndex, long completeIndex, BigInteger token, BigInteger newer) {
    String explain() {
      return "lock " + Values.show(key) + ": process " + process + "'s write with token " + token + " (events " + invokeIndex + "-"
          + completeIndex + ") was accepted, but a write with the newer token " + newer + " had been accepted before it began: "
          + "the resource took a stale holder's write";
    }
  }

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    PairedHistory.of(history); // a malformed history is refused with its own line numbers
    Map<Object, BigInteger> newest = new HashMap<>(); // key -> newest token of an acknowledged write
    List<StaleWrite> stale = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    long[] counts = {0, 0, 0}; // fenced writes acknowledged, refused, crashed
    EventPairs.clients(history, new EventPairs.Visitor<Started, RuntimeException>() {
      @Override
      public Started invoked(int position, Op invocation, Started stillOpen) {
        return new Started(invocation, newest.get(invocation.key()));
      }

      @Override
      public void completed(int position, Op completion, Started started) {
        BigInteger token = LockOps.ADD.equals(completion.f()) ? LockOps.token(completion.value()) : null;
        if (token == null || started == null) return;
        Op invocation = started.invocation();
        BigInteger newestAtInvoke = started.newestAtInvoke();
        switch (completion.type()) {
          case OK -> {
            counts[0]++;
            if (newestAtInvoke != null && token.compareTo(newestAtInvoke) < 0) {
              stale.add(new StaleWrite(completion.key(), completion.process().label(), invocation.index(), completion.index(), token, newestAtInvoke));
            }
            newest.merge(completion.key(), token, BigInteger::max);
          }
          case FAIL -> {
            counts[1]++;
            if (refused.size() < 3) {
              refused.add("process " + completion.process() + "'s write with token " + token + " (event " + completion.index() + ")"
                  + (completion.error() == null ? "" : ": " + Values.escaped(completion.error())));
            }
          }
          default -> counts[2]++;
        }
      }
    });
    List<Overlap> overlaps = Overlap.find(MutexHistory.of(history), history);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fenced-writes", counts[0]);
    details.put("refused-stale", counts[1]);
    details.put("crashed-writes", counts[2]);
    details.put("two-holders", overlaps.size());
    if (!overlaps.isEmpty()) details.put("two-holders-examples", overlaps.stream().limit(3).map(Overlap::explain).toList());
    if (!refused.isEmpty()) details.put("refused-examples", refused);
    String saw = counts[0] + " fenced writes accepted, " + counts[1] + " refused as stale; two clients believed they held a lock at once "
        + overlaps.size() + (overlaps.size() == 1 ? " time" : " times");
    if (!stale.isEmpty()) {
      List<StaleWrite> kept = stale.subList(0, Math.min(KEPT, stale.size()));
      return Result.of(NAME, Verdict.INVALID)
          .summary(saw + "; " + stale.size() + " stale writes accepted")
          .explain(kept.stream().map(w -> new Explanation("stale-token-accepted", Map.of("key", w.key(), "process", w.process(),
              "events", List.of(w.invokeIndex(), w.completeIndex()), "token", w.token(), "newer", w.newer()), w.explain())).toList())
          .witness(kept.stream().map(w -> new WitnessOp(WitnessOp.ANOMALY, w.key(), w.process(), "add", Map.of("token", w.token()),
              w.invokeIndex(), w.completeIndex(), "token " + w.token() + " after " + w.newer() + " was accepted")).toList())
          .ruledOut(List.of(NAME))
          .details(details)
          .build();
    }
    if (counts[0] == 0) {
      String reason = NothingToJudge.reason(0, counts[2], counts[1], "acknowledged write with a fencing token");
      return Result.of(NAME, NothingToJudge.verdict(0, counts[2], counts[1])).summary(saw).reason(reason).details(details).build();
    }
    return Result.of(NAME, Verdict.VALID).summary(saw + "; the resource accepted no stale write").details(details).build();
  }

  private record Started(Op invocation, BigInteger newestAtInvoke) {}
}
