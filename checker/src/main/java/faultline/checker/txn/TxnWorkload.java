package faultline.checker.txn;

import java.util.List;

/** The transactional workloads the checker knows, by the name {@code --model} takes. */
public enum TxnWorkload {
  LIST_APPEND("list-append"),
  RW_REGISTER("rw-register"),
  BANK("bank"),
  LONG_FORK("long-fork");

  private final String label;

  TxnWorkload(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static TxnWorkload ofLabel(String label) {
    for (TxnWorkload w : values()) if (w.label.equals(label)) return w;
    return null;
  }

  /**
   * The workload the micro-ops show: appends (or reads returning lists) make it list-append, a
   * register write rw-register; null when both appear. When nothing tells (only reads of nil,
   * which both read the same way), list-append.
   */
  public static TxnWorkload guess(List<Txn> txns) {
    boolean lists = false, registers = false;
    for (Txn t : txns) {
      for (MicroOp m : t.mops()) {
        if (m.kind() == MicroOp.Kind.APPEND || (m.isRead() && m.value() instanceof List<?>)) lists = true;
        else if (m.kind() == MicroOp.Kind.WRITE || (m.isRead() && m.value() != null)) registers = true;
      }
    }
    if (lists && registers) return null;
    return registers ? RW_REGISTER : LIST_APPEND;
  }

  /**
   * Whether a history is Elle's kind of transactions: its client ops' values are lists of
   * {@code [append|r|w k v]} (Knossos's multi-register writes {@code [read k v]} and is left to it).
   */
  public static boolean isTransactional(faultline.checker.history.History history) {
    for (faultline.checker.history.Op op : history.ops()) {
      if (!op.process().isClient()) continue;
      if (!(op.value() instanceof List<?> steps) || steps.isEmpty()) continue;
      return steps.get(0) instanceof List<?> step && !step.isEmpty()
          && (step.get(0) instanceof String f) && (f.equals("append") || f.equals("r") || f.equals("w"));
    }
    return false;
  }

  /** Whether a history is Jepsen's bank workload: transfers of {@code {from, to, amount}} between accounts. */
  public static boolean isBank(faultline.checker.history.History history) {
    for (faultline.checker.history.Op op : history.ops()) {
      if (op.process().isClient() && "transfer".equals(op.f()) && op.value() instanceof java.util.Map<?, ?> m) {
        return m.containsKey("from") && m.containsKey("to") && m.containsKey("amount");
      }
    }
    return false;
  }
}
