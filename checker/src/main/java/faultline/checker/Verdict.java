package faultline.checker;

/**
 * What a checker concluded. {@code UNKNOWN} when it could not decide (out of time or memory, or
 * cancelled): never reported as valid, because a CI gate trusts {@code VALID}.
 */
public enum Verdict {
  VALID,
  INVALID,
  UNKNOWN;

  /** How results files write it: true, false or "unknown". */
  public Object json() {
    return switch (this) {
      case VALID -> Boolean.TRUE;
      case INVALID -> Boolean.FALSE;
      case UNKNOWN -> "unknown";
    };
  }

  /** What {@link #json} wrote: true, false, or anything else (such as "unknown"). */
  public static Verdict ofJson(Object valid) {
    if (Boolean.TRUE.equals(valid)) return VALID;
    if (Boolean.FALSE.equals(valid)) return INVALID;
    return UNKNOWN;
  }

  /** The verdict of several independent parts: any invalid part rules the whole out. */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) return INVALID;
    if (this == UNKNOWN || other == UNKNOWN) return UNKNOWN;
    return VALID;
  }
}
