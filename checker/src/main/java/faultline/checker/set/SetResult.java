package faultline.checker.set;

import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict of an analysis by final reads ({@link FinalReadLoss}) and its evidence.
 *
 * @param checker the analysis's name: set, or lost-appends for list-append transactions
 * @param noun what one write is called: add, append
 * @param acknowledged how many writes were acknowledged, over all keys
 * @param lost per key, acknowledged elements missing from the final read
 * @param unexpected per key, elements read that nobody tried to add
 * @param unread keys with acknowledged writes but no successful read
 * @param timing when the lost writes were acknowledged, against the faults then in effect
 * @param recovered per key, elements whose write ended {@code info} and which the final read shows
 */
public record SetResult(String checker, String noun, Verdict verdict, int keys, long acknowledged, List<KeyLoss> lost, Map<Object, Set<Long>> unexpected, List<Object> unread,
    LossTiming timing, Map<Object, List<Long>> recovered) {

  /** Acknowledged elements missing from a key's final read (events {@code readInvoke}-{@code readComplete}). */
  public record KeyLoss(Object key, Set<Long> missing, long readInvoke, long readComplete) {
    public String explain() {
      return "key " + Values.show(key) + ": the final read (events " + readInvoke + "-" + readComplete + ") lacks "
          + missing.size() + " acknowledged element" + (missing.size() == 1 ? "" : "s") + ": " + Values.show(missing);
    }
  }

  public long lostElements() {
    return lost.stream().mapToLong(l -> l.missing().size()).sum();
  }

  public List<String> explanations() {
    List<String> out = new ArrayList<>();
    if (!lost.isEmpty()) out.add(timing.explain());
    lost.forEach(l -> out.add(l.explain()));
    unexpected.forEach((k, e) -> out.add("key " + Values.show(k) + ": reads contain elements nobody added: " + Values.show(e)));
    return out;
  }

  public long recoveredElements() {
    return recovered.values().stream().mapToLong(List::size).sum();
  }

  /** The count and the elements by key, as results.json has them. */
  public Map<String, Object> recoveredJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", recoveredElements());
    Map<String, Object> byKey = new LinkedHashMap<>();
    recovered.forEach((k, v) -> byKey.put(String.valueOf(k), v));
    out.put("elements", byKey);
    return out;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("checker", checker);
    out.put("keys", keys);
    out.put("acknowledged", acknowledged);
    out.put("lost", lostElements());
    out.put("unexpected", unexpected.values().stream().mapToLong(Set::size).sum());
    if (!unread.isEmpty()) out.put("keys-without-read", unread.size());
    out.put("recovered-" + noun + "s", recoveredJson());
    if (verdict != Verdict.VALID) out.put("explanations", explanations().stream().limit(20).toList());
    return out;
  }

  /** This result in the common shape: each key's loss is an explanation, and its final read the anomaly op. */
  public Result result() {
    List<Explanation> explanations = new ArrayList<>();
    if (!lost.isEmpty()) explanations.add(Explanation.text("loss-timing", timing.explain()));
    lost.forEach(l -> explanations.add(new Explanation("lost-elements",
        Map.of("key", l.key(), "missing", List.copyOf(l.missing()), "events", List.of(l.readInvoke(), l.readComplete())), l.explain())));
    unexpected.forEach((k, e) -> explanations.add(new Explanation("unexpected-elements", Map.of("key", k, "elements", List.copyOf(e)),
        "key " + Values.show(k) + ": reads contain elements nobody added: " + Values.show(e))));
    Map<String, Object> details = toJson();
    details.remove("explanations");
    return Result.of(checker, verdict)
        .summary(acknowledged + " acknowledged " + noun + "s over " + keys + " keys" + (lostElements() == 0 ? "" : "; " + lostElements() + " lost"))
        .reason(verdict == Verdict.UNKNOWN ? unread.size() + " keys have acknowledged " + noun + "s but no successful read" : null)
        .explain(explanations.stream().limit(21).toList())
        .witness(lost.stream().limit(20).map(l -> new WitnessOp(WitnessOp.ANOMALY, l.key(), null, "final read",
            List.copyOf(l.missing()), l.readInvoke(), l.readComplete(), "lacks these " + l.missing().size() + " acknowledged elements")).toList())
        .details(details)
        .build();
  }
}
