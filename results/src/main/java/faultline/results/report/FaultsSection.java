package faultline.results.report;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.Values;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's faults section: each fault window of the history ({@link FaultWindows}, the windows
 * the timeline shades and the checkers' explanations name) with when it began and ended, how long
 * it lasted, what the nemesis was asked and what it did (which node, which links), and what ended
 * it; then the nemesis ops no window accounts for, each fault op that failed among them with its
 * reason. Every value is escaped.
 */
final class FaultsSection {
  private FaultsSection() {}

  /** The section, or empty when the history has no nemesis op. */
  static String html(History history, Timeline timeline) {
    List<TimedOp> nemesis = timeline.ops().stream().filter(TimedOp::isNemesis).toList();
    if (nemesis.isEmpty()) return "";
    Map<Long, TimedOp> byInvoke = new HashMap<>();
    Map<Long, TimedOp> byCompletion = new HashMap<>();
    for (TimedOp op : nemesis) {
      byInvoke.put(op.invokeIndex(), op);
      if (op.completed()) byCompletion.put(op.completeIndex(), op);
    }
    List<FaultWindows.Window> windows = FaultWindows.of(history);
    boolean timed = timeline.realTime();
    StringBuilder out = new StringBuilder("<h2>Faults</h2>\n");
    Set<Long> inWindows = new HashSet<>();
    if (!windows.isEmpty()) {
      out.append("<p class=\"sub\">Each fault window, from its start op's invocation to the completion of what ended it. "
          + "Click the events to see them in the timeline.</p>\n");
      out.append("<table id=\"faults\"><tr><th>fault</th><th>from</th><th>to</th><th>for</th><th>asked</th><th>did</th><th>ended by</th><th>events</th></tr>\n");
      for (FaultWindows.Window w : windows) {
        TimedOp start = byInvoke.get(w.from());
        TimedOp end = byCompletion.get(w.to());
        if (end == start) end = null; // the history ended with the start's completion: nothing stopped it
        if (start != null) inWindows.add(start.invokeIndex());
        if (end != null) inWindows.add(end.invokeIndex());
        out.append("<tr class=\"fault\"><td>").append(HtmlReport.esc(w.fault().isEmpty() ? "nemesis" : w.fault())).append("</td><td>")
            .append(when(timed, w.fromTime(), w.from())).append("</td><td>").append(when(timed, w.toTime(), w.to())).append("</td><td>")
            .append(timed && w.fromTime() != Op.NO_TIME && w.toTime() != Op.NO_TIME ? seconds(w.toTime() - w.fromTime())
                : (w.to() - w.from()) + " events")
            .append("</td><td>").append(start == null ? "" : value(start.value())).append("</td><td>").append(value(w.did()))
            .append("</td><td>").append(end == null ? "the end of the history" : HtmlReport.esc(end.f()) + (end.result() == null ? "" : ": " + value(end.result())))
            .append("</td><td>").append(events(w.from(), w.to())).append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    // The ops no window accounts for: those that failed (the fault was not applied), and a
    // nemesis's ops that are no start or stop (Jepsen's plain "partition" then "heal").
    List<TimedOp> others = nemesis.stream().filter(op -> op.outcome().equals("fail") || !inWindows.contains(op.invokeIndex())).toList();
    if (!others.isEmpty()) {
      out.append(windows.isEmpty() ? "<p class=\"sub\">The nemesis's ops (none opens a fault window: no start op).</p>\n"
          : "<h3>Other nemesis ops, and those that failed</h3>\n");
      out.append("<table id=\"nemesis-ops\"><tr><th>op</th><th>at</th><th>outcome</th><th>asked</th><th>did, or why it failed</th><th>events</th></tr>\n");
      for (TimedOp op : others) {
        boolean failed = op.outcome().equals("fail");
        out.append(failed ? "<tr class=\"failed-fault\">" : "<tr>").append("<td>").append(HtmlReport.esc(String.valueOf(op.f()))).append("</td><td>")
            .append(timed ? seconds(op.start()) : "event " + op.invokeIndex()).append("</td><td>")
            .append(failed ? "<b>failed: not applied</b>" : HtmlReport.esc(op.outcome())).append("</td><td>").append(value(op.value())).append("</td><td>")
            .append(failed ? HtmlReport.esc(op.error() == null ? "(no reason given)" : Values.cut(op.error(), Values.SHOWN_CHARS, "reason"))
                : op.completed() ? value(op.result()) : "")
            .append("</td><td>").append(events(op.invokeIndex(), op.completeIndex())).append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    return out.toString();
  }

  private static String events(long from, long to) {
    return "<span class=\"goto\" data-goto=\"" + from + "\" title=\"show in the timeline\">"
        + (to < 0 || to == from ? "event " + from : "events " + from + "-" + to) + "</span>";
  }

  private static String when(boolean timed, long nanos, long event) {
    return timed && nanos != Op.NO_TIME ? seconds(nanos) : "event " + event;
  }

  /** "2.50 s"; a span under 10 ms in milliseconds ("0.003 ms"), where seconds would read 0.00. */
  private static String seconds(long nanos) {
    return nanos != 0 && Math.abs(nanos) < 10_000_000 ? String.format(Locale.ROOT, "%.3f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** A value as the history shows it ({isolated [n2]}), cut when long, escaped; blank for none. */
  private static String value(Object v) {
    return v == null ? "" : HtmlReport.esc(Values.brief(v, "value"));
  }
}
