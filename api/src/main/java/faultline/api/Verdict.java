package faultline.api;

/** What a check concluded about a history. */
public enum Verdict {
  /** Consistent: no anomaly was found. */
  VALID,
  /** An anomaly was found; the explanations say which, step by step. */
  INVALID,
  /** The check could not decide (out of time or memory, nothing to judge, a harness problem). */
  UNKNOWN;

  static Verdict of(faultline.checker.Verdict v) {
    return switch (v) {
      case VALID -> VALID;
      case INVALID -> INVALID;
      case UNKNOWN -> UNKNOWN;
    };
  }
}
