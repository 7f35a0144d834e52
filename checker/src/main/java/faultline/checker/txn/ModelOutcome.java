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
    String what = switch (verdict) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "unknown";
    };
    String why = verdict == Verdict.INVALID ? String.join(", ", anomalies) : reason == null ? "" : reason;
    return String.format("%-34s %-8s %s", model, what, why).stripTrailing();
  }
}
