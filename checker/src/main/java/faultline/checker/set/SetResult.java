package faultline.checker.set;

import faultline.checker.Verdict;
import faultline.checker.history.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The set checker's verdict and its evidence.
 *
 * @param acknowledged how many adds were acknowledged, over all keys
 * @param lost per key, acknowledged elements missing from the final read
 * @param unexpected per key, elements read that nobody tried to add
 * @param unread keys with acknowledged adds but no successful read
 * @param timing when the lost adds were acknowledged, against the faults then in effect
 */
public record SetResult(Verdict verdict, int keys, long acknowledged, List<KeyLoss> lost, Map<Object, Set<Long>> unexpected, List<Object> unread,
    LossTiming timing) {

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
    List<String> out = new java.util.ArrayList<>();
    if (!lost.isEmpty()) out.add(timing.explain());
    lost.forEach(l -> out.add(l.explain()));
    unexpected.forEach((k, e) -> out.add("key " + Values.show(k) + ": reads contain elements nobody added: " + Values.show(e)));
    return out;
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("checker", "set");
    out.put("keys", keys);
    out.put("acknowledged", acknowledged);
    out.put("lost", lostElements());
    out.put("unexpected", unexpected.values().stream().mapToLong(Set::size).sum());
    if (!unread.isEmpty()) out.put("keys-without-read", unread.size());
    if (verdict != Verdict.VALID) out.put("explanations", explanations().stream().limit(20).toList());
    return out;
  }
}
