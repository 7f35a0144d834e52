package faultline.checker.txn;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells an anomaly to a skeptic, step by step, the way Elle does: the transactions named, then
 * each edge of the cycle with the data that forces it, ending in "a contradiction!"; and the
 * faults in effect while the transactions ran. (Elle's explainers render so; the text becomes the
 * words of the {@link faultline.checker.Explanation} a result carries, beside its data.)
 */
public final class AnomalyExplainer {
  private AnomalyExplainer() {}

  /** Steps of a cycle told before the rest is summed up in one line; the closing step is always told. */
  static final int SHOWN_STEPS = 12;

  /** Characters of a non-cycle anomaly's sentence told. */
  static final int SHOWN_DETAIL = 2_000;

  public static String render(Anomaly anomaly, boolean lists, List<FaultWindows.Window> faults) {
    StringBuilder out = new StringBuilder();
    if (anomaly.isCycle()) {
      // A cycle of thousands of transactions is told by its first steps and its last: results.json has every step.
      List<Step> steps = anomaly.steps();
      int n = steps.size();
      int head = n > SHOWN_STEPS ? SHOWN_STEPS - 1 : n;
      List<Step> told = new ArrayList<>(steps.subList(0, head));
      if (head < n) told.add(steps.get(n - 1));
      Set<Txn> named = new LinkedHashSet<>();
      for (Step s : told) {
        named.add(s.from());
        named.add(s.to());
      }
      out.append("Let:\n");
      for (Txn t : named) out.append("  ").append(t.name()).append(" = ").append(t.describe().substring(t.name().length() + 1))
          .append(' ').append(t.showMops()).append('\n');
      int others = new LinkedHashSet<>(anomaly.txns()).size() - named.size();
      if (others > 0) out.append(String.format("  \u2026 %,d more transactions\n", others));
      out.append("Then:\n");
      for (int i = 0; i < told.size(); i++) {
        Step s = told.get(i);
        boolean last = i == told.size() - 1;
        if (last && head < n) out.append(String.format("  - \u2026 %,d more steps\n", n - 1 - head));
        out.append("  - ").append(last && n > 1 ? "However, " : "").append(s.from().name()).append(" < ").append(s.to().name())
            .append(", because ").append(s.because(lists)).append(last ? ": a contradiction!" : ".").append('\n');
      }
    } else {
      out.append(Values.cut(anomaly.detail(), SHOWN_DETAIL, "explanation")).append(".\n");
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
