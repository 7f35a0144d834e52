package faultline.checker.set;

import faultline.checker.history.FaultWindows;
import faultline.checker.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When the lost adds were acknowledged, against the faults in effect at the time: the link a
 * reader needs between a loss and its cause ("all 831 were acknowledged while failover was on").
 *
 * @param acknowledgements the completions of the lost adds
 * @param during how many of them fell in each fault window (a completion in two overlapping
 *     windows counts in both)
 * @param outside how many fell in no fault window
 */
public record LossTiming(List<Op> acknowledgements, Map<FaultWindows.Window, Integer> during, int outside, String noun) {

  static LossTiming of(List<Op> acknowledgements, List<FaultWindows.Window> windows, String noun) {
    Map<FaultWindows.Window, Integer> during = new LinkedHashMap<>();
    int outside = 0;
    for (Op ack : acknowledgements) {
      boolean inAny = false;
      for (FaultWindows.Window w : windows) {
        if (w.covers(ack.index())) {
          during.merge(w, 1, Integer::sum);
          inAny = true;
        }
      }
      if (!inAny) outside++;
    }
    return new LossTiming(List.copyOf(acknowledgements), during, outside, noun);
  }

  /** One sentence; empty when nothing was lost. */
  public String explain() {
    int n = acknowledgements.size();
    if (n == 0) return "";
    long first = Long.MAX_VALUE, last = Long.MIN_VALUE, firstTime = Long.MAX_VALUE, lastTime = Long.MIN_VALUE;
    boolean timed = true;
    for (Op ack : acknowledgements) {
      first = Math.min(first, ack.index());
      last = Math.max(last, ack.index());
      if (!ack.hasTime()) timed = false;
      firstTime = Math.min(firstTime, ack.time());
      lastTime = Math.max(lastTime, ack.time());
    }
    StringBuilder out = new StringBuilder(n + " acknowledged " + noun + (n == 1 ? " was" : "s were") + " lost; "
        + (n == 1 ? "it was acknowledged at event " + first : "they were acknowledged between events " + first + " and " + last));
    if (timed) out.append(n == 1 ? String.format(Locale.ROOT, " (%.2f s)", firstTime / 1e9)
        : String.format(Locale.ROOT, " (%.2f-%.2f s)", firstTime / 1e9, lastTime / 1e9));
    if (during.isEmpty()) return out.append(", while no fault was in effect").toString();
    List<String> parts = new ArrayList<>();
    during.forEach((window, count) -> parts.add((count == n ? "all " + n : count + " of them") + " while " + window.describe() + " was in effect"));
    out.append(": ").append(String.join("; ", parts));
    if (outside > 0) out.append("; ").append(outside).append(" outside any fault");
    return out.toString();
  }
}
