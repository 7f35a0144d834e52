package faultline.checker.txn;

import faultline.checker.history.FaultWindows;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells an anomaly to a skeptic, step by step, the way Elle does: the transactions named, then
 * each edge of the cycle with the data that forces it, ending in "a contradiction!"; and the
 * faults in effect while the transactions ran.
 */
public final class Explanation {
  private Explanation() {}

  public static String render(Anomaly anomaly, boolean lists, List<FaultWindows.Window> faults) {
    StringBuilder out = new StringBuilder();
    if (anomaly.isCycle()) {
      out.append("Let:\n");
      for (Txn t : anomaly.txns()) out.append("  ").append(t.name()).append(" = ").append(t.describe().substring(t.name().length() + 1))
          .append(' ').append(t.showMops()).append('\n');
      out.append("Then:\n");
      List<Step> steps = anomaly.steps();
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        boolean last = i == steps.size() - 1;
        out.append("  - ").append(last && steps.size() > 1 ? "However, " : "").append(s.from().name()).append(" < ").append(s.to().name())
            .append(", because ").append(s.because(lists)).append(last ? ": a contradiction!" : ".").append('\n');
      }
    } else {
      out.append(anomaly.detail()).append(".\n");
    }
    String inEffect = faultsInEffect(anomaly.txns(), faults);
    if (inEffect != null) out.append(inEffect).append('\n');
    return out.toString();
  }

  /** "While these ran, partition (events 2-9: ...) was in effect.", or null when no fault was. */
  static String faultsInEffect(List<Txn> txns, List<FaultWindows.Window> faults) {
    Set<String> named = new LinkedHashSet<>();
    for (Txn t : txns) {
      long from = t.invoke() >= 0 ? t.invoke() : t.complete();
      long to = t.complete() >= 0 ? t.complete() : Long.MAX_VALUE;
      for (FaultWindows.Window w : faults) if (w.from() <= to && w.to() >= from) named.add(w.describe());
    }
    if (named.isEmpty()) return null;
    List<String> list = new ArrayList<>(named);
    return (txns.size() == 1 ? "While it ran, " : "While these ran, ") + String.join(" and ", list)
        + (list.size() == 1 ? " was" : " were") + " in effect.";
  }
}
