package faultline.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checker's verdict on a test's history: the counter checker's, the linearizability
 * search's (with the consistency models the history rules out), a transactional check's.
 *
 * @param name the checker, such as {@code counter} or {@code linearizable}
 * @param verdict its verdict
 * @param summary one line on what it found
 * @param reason why it could not decide, when it could not; else null
 * @param explanations each anomaly, step by step, as a person reads it
 * @param ruledOut the consistency models the history violates (linearizable, sequential, ...)
 * @param models each consistency model's verdict, where the checker judges several (the
 *     linearizability check and the transactional ones); empty for the others
 */
public record Check(String name, Verdict verdict, String summary, String reason, List<String> explanations, List<String> ruledOut,
    Map<String, Verdict> models) {

  /**
   * Copies the lists.
   *
   * @param name the checker
   * @param verdict its verdict
   * @param summary one line
   * @param reason why undecided, or null
   * @param explanations each anomaly in words
   * @param ruledOut the models violated
   * @param models each model's verdict
   */
  public Check {
    explanations = List.copyOf(explanations);
    ruledOut = List.copyOf(ruledOut);
    models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models)); // in the checker's order, strongest first
  }

  static Check of(faultline.checker.Result r) {
    return new Check(r.name(), Verdict.of(r.verdict()), r.summary(), r.reason(), r.lines(), r.ruledOut(), models(r.details().get("models")));
  }

  /** The checker's table of models (results.json's "models"), each entry's "valid" as a verdict; what is not such a table is none. */
  private static Map<String, Verdict> models(Object table) {
    Map<String, Verdict> out = new LinkedHashMap<>();
    if (!(table instanceof Map<?, ?> byModel)) return out;
    byModel.forEach((model, entry) -> {
      if (entry instanceof Map<?, ?> m && m.containsKey("valid")) {
        Object valid = m.get("valid");
        out.put(String.valueOf(model), Boolean.TRUE.equals(valid) ? Verdict.VALID : Boolean.FALSE.equals(valid) ? Verdict.INVALID : Verdict.UNKNOWN);
      }
    });
    return out;
  }
}
