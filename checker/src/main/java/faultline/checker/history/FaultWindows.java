package faultline.checker.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When each fault of a history was in effect, from its nemesis events: a fault opens with the
 * invocation of {@code start-X} (Jepsen's own nemeses say {@code start}) and closes with the
 * completion of the matching {@code stop-X} ({@code stop}), or of a {@code heal}, or at the end
 * of the history. Anomaly explanations use them to say which fault was on when the anomaly arose.
 */
public final class FaultWindows {
  /**
   * One fault in effect from event {@code from} to event {@code to} (history indices, inclusive).
   *
   * @param fault what the start op was called, without "start-" (empty for Jepsen's plain start)
   * @param did what the start op said it did (its completion's value), or null
   */
  public record Window(String fault, long from, long to, Object did, long fromTime, long toTime) {
    public boolean covers(long index) {
      return index >= from && index <= to;
    }

    /** "failover (events 9965-17527, 5.00-14.65 s: primary n3, how isolate)" */
    public String describe() {
      String name = fault.isEmpty() ? "nemesis start" : Values.escaped(fault);
      String times = fromTime == Op.NO_TIME || toTime == Op.NO_TIME ? "" : ", " + seconds(fromTime) + "-" + seconds(toTime) + " s";
      String what = did instanceof Map<?, ?> m && !m.isEmpty() ? ": " + brief(m) : did == null ? "" : ": " + Values.show(did);
      return name + " (events " + from + "-" + to + times + what + ")";
    }

    private static String brief(Map<?, ?> did) {
      List<String> parts = new ArrayList<>();
      // Long lists (every filtered pair) would drown the sentence; the history has them all.
      did.forEach((k, v) -> parts.add(Values.escaped(String.valueOf(k)) + " " + (v instanceof List<?> l && l.size() > 4 ? l.size() + " items" : Values.show(v))));
      return String.join(", ", parts);
    }
  }

  private FaultWindows() {}

  public static List<Window> of(History history) {
    List<Window> windows = new ArrayList<>();
    Map<String, Op> opened = new HashMap<>(); // fault -> start invocation
    Map<String, Op> started = new HashMap<>(); // fault -> start completion
    Op last = null;
    for (Op op : history.ops()) {
      last = op;
      if (op.process().isClient()) continue;
      String f = op.f() == null ? "" : op.f();
      if (op.type() == OpType.INVOKE && isStart(f)) {
        opened.putIfAbsent(name(f, "start"), op);
      } else if (op.type() != OpType.INVOKE && isStart(f)) {
        if (op.type() == OpType.FAIL) opened.remove(name(f, "start")); // it did nothing
        else started.put(name(f, "start"), op);
      } else if (op.type() != OpType.INVOKE && (f.equals("stop") || f.startsWith("stop-"))) {
        close(windows, opened, started, name(f, "stop"), op);
      } else if (op.type() != OpType.INVOKE && f.equals("heal")) {
        for (String fault : List.copyOf(opened.keySet())) close(windows, opened, started, fault, op);
      }
    }
    for (String fault : List.copyOf(opened.keySet())) close(windows, opened, started, fault, last);
    windows.sort(Comparator.comparingLong(Window::from));
    return windows;
  }

  private static boolean isStart(String f) {
    return f.equals("start") || f.startsWith("start-");
  }

  private static String name(String f, String verb) {
    return f.equals(verb) ? "" : f.substring(verb.length() + 1);
  }

  private static void close(List<Window> windows, Map<String, Op> opened, Map<String, Op> started, String fault, Op end) {
    Op start = opened.remove(fault);
    if (start == null) return;
    Op did = started.remove(fault);
    windows.add(new Window(fault, start.index(), end.index(), did == null ? null : did.value(), start.time(), end.time()));
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }
}
