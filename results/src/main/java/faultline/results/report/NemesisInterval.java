package faultline.results.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of time under a fault: from the invocation of a nemesis op that starts one (f
 * {@code start-*}, or Jepsen's {@code start}) to the completion of the op that stops it
 * ({@code stop-*}, {@code stop}) or heals everything ({@code heal}). A start the nemesis reports
 * as {@code fail} did not happen, and opens nothing. A fault never stopped lasts to the end.
 *
 * @param name the fault, as the start op names it ("latency", "partition", ...)
 */
public record NemesisInterval(String name, long start, long end) {

  static List<NemesisInterval> of(List<TimedOp> ops, long historyEnd) {
    List<NemesisInterval> out = new ArrayList<>();
    List<TimedOp> open = new ArrayList<>();
    for (TimedOp op : ops) {
      if (!op.isNemesis() || op.f() == null) continue;
      String f = op.f();
      if (f.startsWith("start") && !op.outcome().equals("fail")) {
        open.add(op);
      } else if (f.startsWith("stop") || f.equals("heal")) {
        String fault = f.startsWith("stop-") ? f.substring(5) : null;
        for (var it = open.iterator(); it.hasNext(); ) {
          TimedOp started = it.next();
          if (fault == null || started.f().equals("start-" + fault)) {
            out.add(new NemesisInterval(name(started.f()), started.start(), op.end()));
            it.remove();
          }
        }
      }
    }
    for (TimedOp started : open) out.add(new NemesisInterval(name(started.f()), started.start(), historyEnd));
    out.sort(java.util.Comparator.comparingLong(NemesisInterval::start));
    return out;
  }

  private static String name(String startF) {
    return startF.startsWith("start-") ? startF.substring(6) : startF;
  }
}
