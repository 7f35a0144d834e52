package faultline.checker.set;

/**
 * What became of one element of a set, as Jepsen's set-full checker classifies it, from the reads
 * that began after the element was known to be in the set (its add acknowledged, or a read
 * already showing it).
 */
public enum ElementOutcome {
  /** Every read from some point on shows it, and the last read does. */
  STABLE("stable"),
  /** Stable, but at least one read began after it was known and missed it: it took time to appear. */
  STALE("stale"),
  /** Known to be in the set, yet the last reads after that miss it. */
  LOST("lost"),
  /** Its add was acknowledged (or it was seen) but no read began afterwards: nothing to say. */
  NEVER_READ("never-read"),
  /** Its add was not acknowledged and no read shows it: it may never have happened. */
  UNCONFIRMED("unconfirmed");

  private final String label;

  ElementOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
