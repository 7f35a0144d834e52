package faultline.checker.session;

/**
 * Terry et al.'s session guarantees, checked per process (a session is a logical process: after
 * an {@code info} the worker goes on under a new process, which starts a new session) and per key.
 * Each says what it detects, because the history shows the order values took effect only in part
 * (see {@link VersionOrder}): a violation is reported only when that order makes it certain.
 */
public enum SessionGuarantee {
  READ_YOUR_WRITES("read-your-writes",
      "a read returning a value certainly older than the process's own earlier write"),
  MONOTONIC_READS("monotonic-reads",
      "a read returning a value certainly older than one the process read before"),
  MONOTONIC_WRITES("monotonic-writes",
      "two writes of one process that a cas chain shows took effect in the opposite order; plain writes never reveal their order"),
  WRITES_FOLLOW_READS("writes-follow-reads",
      "a write certainly older than a value the process had read before making it");

  private final String label;
  private final String detects;

  SessionGuarantee(String label, String detects) {
    this.label = label;
    this.detects = detects;
  }

  public String label() {
    return label;
  }

  /** What a violation of this guarantee looks like to the checker, for the result. */
  public String detects() {
    return detects;
  }
}
