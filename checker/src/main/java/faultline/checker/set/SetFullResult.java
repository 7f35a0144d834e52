package faultline.checker.set;

import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.Op;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The set-full checker's verdict: how many elements ended in each outcome, which were lost,
 * unexpected, duplicated or recovered, and how long acknowledged elements took to become stably
 * visible.
 *
 * <p>Stable latency of an element is a lower bound: from when it was known (its add acknowledged)
 * to the start of the last read that still missed it, 0 when no read missed it.
 */
public record SetFullResult(
    Verdict verdict,
    int keys,
    int reads,
    Map<ElementOutcome, Integer> counts,
    List<Element> lost,
    List<Element> recovered,
    Map<Object, Set<Object>> unexpected,
    Map<Object, List<Object>> duplicated,
    long[] stableLatencyNanos,
    List<Element> slowest,
    List<Element> elements) {

  /**
   * An element named by its key and the events that decide it: the invocation of the last read
   * that missed it (index and time, -1 and {@link faultline.checker.history.Op#NO_TIME} when none
   * did) and the completion of the first read that showed it (likewise).
   */
  public record Element(Object key, Object element, ElementOutcome outcome, long addInvokeIndex, long lastAbsentReadIndex,
      long lastAbsentTime, long firstSeenIndex, long firstSeenTime, long latencyNanos) {
    /** One line: the element, its add, the last read that missed it and the first that showed it. */
    String describe() {
      String absent = lastAbsentReadIndex < 0 ? "no read missed it"
          : "last missed by the read invoked at event " + lastAbsentReadIndex + at(lastAbsentTime);
      String present = firstSeenIndex < 0 ? "no read showed it" : "first shown by the read completed at event " + firstSeenIndex + at(firstSeenTime);
      return (key == null ? "" : "key " + Values.show(key) + ": ") + "element " + Values.show(element) + " (add invoked at event " + addInvokeIndex
          + "): " + absent + "; " + present + (latencyNanos > 0 ? "; " + latencyNanos / 1_000_000 + " ms to become stable" : "");
    }

    private static String at(long nanos) {
      return nanos == Op.NO_TIME ? "" : String.format(Locale.ROOT, " (%.3f s)", nanos / 1e9);
    }

    String explainLost() {
      return "key " + Values.show(key) + ": element " + Values.show(element) + " (add invoked at event " + addInvokeIndex
          + ") was in the set, but the reads from event " + lastAbsentReadIndex + " on miss it: lost";
    }

    String explainRecovered() {
      return "key " + Values.show(key) + ": element " + Values.show(element) + "'s add (event " + addInvokeIndex
          + ") crashed, but a read (completed at event " + firstSeenIndex + ") shows it: the add took effect";
    }
  }

  static SetFullResult of(List<ElementHistory> all, Map<Object, Set<Object>> unexpected, Map<Object, List<Object>> duplicated,
      int reads, int keys, boolean timed) {
    Map<ElementOutcome, Integer> counts = new EnumMap<>(ElementOutcome.class);
    for (ElementOutcome o : ElementOutcome.values()) counts.put(o, 0);
    List<Element> lost = new ArrayList<>(), recovered = new ArrayList<>(), stable = new ArrayList<>(), elements = new ArrayList<>();
    int observed = 0;
    for (ElementHistory e : all) {
      ElementOutcome o = e.outcome();
      counts.merge(o, 1, Integer::sum);
      long latency = !timed || e.absentReads == 0 ? 0 : Math.max(0, e.lastAbsentInvokeTime - e.knownTime);
      Element named = new Element(e.key, e.element, o, e.addInvokeIndex, e.lastAbsentInvokeIndex,
          e.absentReads == 0 ? Op.NO_TIME : e.lastAbsentInvokeTime, e.firstSeenIndex, e.firstSeenTime, latency);
      elements.add(named);
      if (o == ElementOutcome.LOST) lost.add(named);
      if (e.recovered()) recovered.add(named);
      if (o == ElementOutcome.STABLE || o == ElementOutcome.STALE) stable.add(named);
      if (e.presentReads + e.absentReads > 0) observed++;
    }
    boolean invalid = !lost.isEmpty() || !unexpected.isEmpty() || !duplicated.isEmpty();
    Verdict verdict = invalid ? Verdict.INVALID : observed == 0 ? Verdict.UNKNOWN : Verdict.VALID;
    long[] latencies = timed ? stable.stream().mapToLong(Element::latencyNanos).sorted().toArray() : new long[0];
    List<Element> slowest = timed ? stable.stream().filter(x -> x.latencyNanos() > 0)
        .sorted(Comparator.comparingLong(Element::latencyNanos).reversed()).limit(5).toList() : List.of();
    return new SetFullResult(verdict, keys, reads, counts, lost, recovered, unexpected, duplicated, latencies, slowest, List.copyOf(elements));
  }

  public int count(ElementOutcome o) {
    return counts.getOrDefault(o, 0);
  }

  /** The q-quantile of stable latency in nanoseconds (nearest rank), or -1 without times. */
  public long latencyQuantile(double q) {
    if (stableLatencyNanos.length == 0) return -1;
    int rank = (int) Math.ceil(q * stableLatencyNanos.length) - 1;
    return stableLatencyNanos[Math.max(0, Math.min(rank, stableLatencyNanos.length - 1))];
  }

  public List<String> explanations() {
    List<String> out = new ArrayList<>();
    lost.forEach(e -> out.add(e.explainLost()));
    unexpected.forEach((k, e) -> out.add("key " + Values.show(k) + ": reads contain elements nobody added: " + Values.show(e)));
    duplicated.forEach((k, e) -> out.add("key " + Values.show(k) + ": reads list elements more than once: " + Values.show(e)));
    return out;
  }

  /**
   * What Jepsen's set-full reports, per element, as lines for the terminal: each lost element,
   * the stale ones (slowest first) and the never-read ones, with the last read that missed it
   * and the first that showed it. At most {@code limit} elements per outcome.
   */
  public List<String> report(int limit) {
    List<String> out = new ArrayList<>();
    for (ElementOutcome o : List.of(ElementOutcome.LOST, ElementOutcome.STALE, ElementOutcome.NEVER_READ)) {
      List<Element> of = elements.stream().filter(e -> e.outcome() == o)
          .sorted(Comparator.comparingLong(Element::latencyNanos).reversed()).toList();
      for (Element e : of.subList(0, Math.min(limit, of.size()))) out.add(o.label() + ": " + e.describe());
      if (of.size() > limit) out.add(o.label() + ": ... and " + (of.size() - limit) + " more");
    }
    unexpected.forEach((k, e) -> out.add("unexpected: key " + Values.show(k) + ": reads contain elements nobody added: " + Values.show(e)));
    duplicated.forEach((k, e) -> out.add("duplicated: key " + Values.show(k) + ": reads list elements more than once: " + Values.show(e)));
    return out;
  }

  public String summary() {
    return count(ElementOutcome.STABLE) + count(ElementOutcome.STALE) + " stable (" + count(ElementOutcome.STALE) + " stale), "
        + lost.size() + " lost, " + count(ElementOutcome.NEVER_READ) + " never read, " + recovered.size() + " recovered"
        + (unexpected.isEmpty() ? "" : ", " + unexpected.values().stream().mapToInt(Set::size).sum() + " unexpected")
        + (duplicated.isEmpty() ? "" : ", " + duplicated.values().stream().mapToInt(List::size).sum() + " duplicated");
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("keys", keys);
    out.put("reads", reads);
    counts.forEach((o, n) -> out.put(o.label() + "-count", n));
    out.put("lost-count", lost.size());
    out.put("recovered-count", recovered.size());
    out.put("unexpected-count", unexpected.values().stream().mapToInt(Set::size).sum());
    out.put("duplicated-count", duplicated.values().stream().mapToInt(List::size).sum());
    if (verdict == Verdict.UNKNOWN) out.put("reason", "no read began after any element was known to be in the set");
    if (!lost.isEmpty()) out.put("lost", lost.stream().limit(20).map(Element::explainLost).toList());
    if (!recovered.isEmpty()) out.put("recovered", recovered.stream().limit(20).map(Element::explainRecovered).toList());
    if (!unexpected.isEmpty() || !duplicated.isEmpty()) out.put("explanations", explanations().stream().limit(20).toList());
    if (stableLatencyNanos.length > 0) {
      Map<String, Object> q = new LinkedHashMap<>();
      for (double p : new double[] {0.5, 0.95, 0.99, 1.0}) q.put(p == 1.0 ? "max" : String.valueOf(p), latencyQuantile(p) / 1e6);
      out.put("stable-latency-ms", q);
      out.put("slowest", slowest.stream().map(e -> Map.of("key", String.valueOf(e.key()), "element", String.valueOf(e.element()),
          "latency-ms", e.latencyNanos() / 1e6)).toList());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SetFullResult r && verdict == r.verdict && counts.equals(r.counts) && lost.equals(r.lost)
        && Arrays.equals(stableLatencyNanos, r.stableLatencyNanos);
  }

  @Override
  public int hashCode() {
    return verdict.hashCode() * 31 + counts.hashCode();
  }

  /** This result in the common shape. */
  public Result result() {
    Map<String, Object> details = toJson();
    details.remove("explanations");
    return Result.of("set-full", verdict)
        .summary(keys + (keys == 1 ? " key, " : " keys, ") + reads + " reads: " + summary())
        .reason(verdict == Verdict.UNKNOWN ? "no read began after any element was known to be in the set" : null)
        // Per element: lost, stale, never read (the slowest first), unexpected, duplicated.
        .explain(report(10).stream().map(t -> Explanation.text(t.substring(0, Math.max(0, t.indexOf(':'))), t)).toList())
        .details(details)
        .build();
  }
}
