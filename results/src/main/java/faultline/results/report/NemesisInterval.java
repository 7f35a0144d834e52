package faultline.results.report;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stretch of the timeline under a fault, for shading: one {@link FaultWindows.Window} of the
 * history, the very windows the checkers' explanations name, in the timeline's units (nanoseconds
 * since the run began, or event positions when the history has no times).
 *
 * @param name the fault, as the start op names it ("latency", "partition", ...)
 * @param startInvoke the event index of the start op's invocation, which the timeline opens on
 */
public record NemesisInterval(String name, long start, long end, long startInvoke) {

  static List<NemesisInterval> of(History history, boolean realTime) {
    Map<Long, Integer> position = new HashMap<>(); // event index -> position, for untimed histories
    if (!realTime) {
      List<Op> ops = history.ops();
      for (int i = 0; i < ops.size(); i++) if (!ops.get(i).process().isClient()) position.put(ops.get(i).index(), i);
    }
    return FaultWindows.of(history).stream()
        .map(w -> new NemesisInterval(w.fault().isEmpty() ? "nemesis" : w.fault(),
            realTime ? w.fromTime() : position.getOrDefault(w.from(), 0),
            realTime ? w.toTime() : position.getOrDefault(w.to(), history.size() - 1), w.from()))
        .toList();
  }
}
