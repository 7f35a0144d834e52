package faultline.results.report;

import faultline.checker.WitnessOp;
import faultline.checker.Verdict;
import java.util.List;

/**
 * One checker's or one consistency model's verdict, ready for every report: a name, the verdict, a
 * one-line summary, the checker's explanations in words, and the witness operations to highlight.
 *
 * @param decidesRun true for a checker's verdict, which decides the run's (and its exit code);
 *     false for a per-model verdict, shown beside it (an undecided model does not fail a run)
 */
public record Finding(String name, Verdict verdict, boolean decidesRun, String summary, List<String> explanations, List<WitnessOp> witness) {

  public Finding {
    explanations = List.copyOf(explanations);
    witness = List.copyOf(witness);
  }

  /** The name of the finding that carries a run's self-checks (results.json's "harness"). */
  public static final String SELF_CHECKS = "harness self-checks";

  /**
   * The run's verdict: that of its checkers, together; or, when the run's self-checks changed it
   * (a harness error or suspect), the run's own, which the self-checks finding carries.
   */
  public static Verdict overall(List<Finding> findings) {
    for (Finding f : findings) if (f.name().equals(SELF_CHECKS)) return f.verdict();
    return findings.stream().filter(Finding::decidesRun).map(Finding::verdict).reduce(Verdict.VALID, Verdict::and);
  }

  /** The op to scroll the timeline to: the first op no order explains, else the first witness op. */
  public WitnessOp focus() {
    return witness.stream().filter(WitnessOp::isAnomaly).findFirst().orElse(witness.isEmpty() ? null : witness.get(0));
  }

  /** "valid", "INVALID" or "unknown", as the reports print verdicts. */
  public String verdictWord() {
    return word(verdict);
  }

  public static String word(Verdict verdict) {
    return switch (verdict) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "unknown";
    };
  }

  /** results.json's {@code "valid"}: true, false, or anything else (such as "unknown"). */
  public static Verdict verdictOf(Object valid) {
    return Verdict.ofJson(valid);
  }
}
