package faultline.checker.txn;

/**
 * Why one transaction must come before another, Adya's dependencies and the two orders Elle adds:
 * write-write (ww), write-read (wr), read-write anti-dependency (rw), a process's own order, and
 * real time (one completed before the other began).
 */
public enum DepType {
  WW("ww"),
  WR("wr"),
  RW("rw"),
  PROCESS("process"),
  REALTIME("realtime");

  private final String label;

  DepType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public int bit() {
    return 1 << ordinal();
  }

  /** The data dependencies: what Adya's serialization graph holds. */
  public static final int DATA = WW.bit() | WR.bit() | RW.bit();
  public static final int ALL = DATA | PROCESS.bit() | REALTIME.bit();
}
