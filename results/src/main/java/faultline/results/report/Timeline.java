package faultline.results.report;

import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import java.util.ArrayList;
import java.util.List;

/**
 * The history as operations with intervals: each invocation paired with the next completion of
 * the same process (a process has one op in flight at a time), in invocation order. Nemesis ops
 * are paired the same way. Histories without times (some EDN files) use event positions as time,
 * so they still draw in order.
 *
 * @param realTime whether times are nanoseconds since the run began, rather than event positions
 * @param nemesisIntervals when each fault was in effect, for shading: the same windows the
 *     checkers' explanations name ({@link faultline.checker.history.FaultWindows})
 */
public record Timeline(List<TimedOp> ops, boolean realTime, long end, List<NemesisInterval> nemesisIntervals) {

  public static Timeline of(History history) {
    boolean realTime = history.timed();
    List<Op> events = history.ops();
    long end = events.isEmpty() ? 0 : time(events.get(events.size() - 1), events.size() - 1, realTime);
    List<TimedOp> ops = new ArrayList<>(events.size() / 2 + 1);
    EventPairs.all(history, new EventPairs.Visitor<Integer, RuntimeException>() {
      @Override
      public Integer invoked(int i, Op e, Integer stillOpen) {
        ops.add(new TimedOp(e.index(), -1, e.process().label(), "pending", e.f(), e.key(), e.value(), null, null, time(e, i, realTime), end));
        return ops.size() - 1;
      }

      @Override
      public void completed(int i, Op e, Integer at) {
        long t = time(e, i, realTime);
        if (at == null) { // a completion without its invocation (a truncated start): an instant op
          ops.add(new TimedOp(e.index(), e.index(), e.process().label(), e.type().label(), e.f(), e.key(), null, e.value(), e.error(), t, t));
          return;
        }
        TimedOp inv = ops.get(at);
        ops.set(at, new TimedOp(inv.invokeIndex(), e.index(), inv.process(), e.type().label(), inv.f(), inv.key(), inv.value(), e.value(),
            e.error(), inv.start(), Math.max(t, inv.start())));
      }
    });
    return new Timeline(ops, realTime, end, NemesisInterval.of(history, realTime));
  }

  private static long time(Op e, int position, boolean realTime) {
    return realTime ? e.time() : position;
  }

}
