package faultline.api;

import java.util.List;

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
 */
public record Check(String name, Verdict verdict, String summary, String reason, List<String> explanations, List<String> ruledOut) {

  /**
   * Copies the lists.
   *
   * @param name the checker
   * @param verdict its verdict
   * @param summary one line
   * @param reason why undecided, or null
   * @param explanations each anomaly in words
   * @param ruledOut the models violated
   */
  public Check {
    explanations = List.copyOf(explanations);
    ruledOut = List.copyOf(ruledOut);
  }

  static Check of(faultline.checker.Result r) {
    return new Check(r.name(), Verdict.of(r.verdict()), r.summary(), r.reason(), r.lines(), r.ruledOut());
  }
}
