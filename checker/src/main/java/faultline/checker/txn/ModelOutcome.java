package faultline.checker.txn;

import faultline.checker.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consistency model's verdict on a history: valid (no anomaly it forbids was found, among
 * those the checker looks for), invalid (naming the anomalies found that it forbids), or unknown
 * (naming why: a search out of time, or anomalies not looked for).
 */
public record ModelOutcome(String model, Verdict verdict, List<String> anomalies, String reason) {

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    if (!anomalies.isEmpty()) out.put("anomalies", anomalies);
    if (reason != null) out.put("reason", reason);
    return out;
  }

  /** "serializable         INVALID  G2-item, lost-update" */
  public String row() {
    return row(model, toJson());
  }

  /** The row of {@code model} from what {@link #toJson} wrote of it (a result's details). */
  static String row(String model, Map<?, ?> json) {
    Verdict verdict = Verdict.ofJson(json.get("valid"));
    String what = switch (verdict) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "unknown";
    };
    Object reason = json.get("reason");
    String why = verdict == Verdict.INVALID ? String.join(", ", strings(json.get("anomalies"))) : reason == null ? "" : reason.toString();
    return String.format("%-34s %-8s %s", model, what, why).stripTrailing();
  }

  /** A list of names as JSON holds it; empty when absent. */
  static List<String> strings(Object list) {
    return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }
}
