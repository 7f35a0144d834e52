package faultline.checker.consistency;

import faultline.checker.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One consistency model's verdict on a history: checked directly (with its evidence in {@code
 * details}), or implied by another model's verdict ({@code impliedBy}): valid because a stronger
 * model holds, or invalid because a weaker one is violated.
 *
 * @param summary one line for the terminal table (what was found, or what implied it)
 * @param details the checker's result as plain data (witnesses, counts); empty when implied
 */
public record ModelVerdict(String model, Verdict verdict, String impliedBy, String summary, Map<String, Object> details) {

  public static ModelVerdict checked(String model, Verdict verdict, String summary, Map<String, Object> details) {
    return new ModelVerdict(model, verdict, null, summary, details);
  }

  public static ModelVerdict implied(String model, Verdict verdict, String by) {
    String summary = verdict == Verdict.VALID ? "implied: " + by + " holds" : "ruled out: " + by + " is violated";
    return new ModelVerdict(model, verdict, by, summary, Map.of());
  }

  public boolean isImplied() {
    return impliedBy != null;
  }

  /** {"valid": true|false|"unknown", ...}; implied verdicts say by what. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    if (impliedBy != null) out.put(verdict == Verdict.VALID ? "implied-by" : "ruled-out-by", impliedBy);
    details.forEach((k, v) -> {
      if (!k.equals("valid")) out.put(k, v);
    });
    return out;
  }
}
