package faultline.checker.txn;

/**
 * What may be assumed to order a register's versions beyond its initial state (which precedes
 * every write), as elle-cli's flags name them: {@code --wfr-keys}, a transaction's write follows
 * the version it read of the same key; {@code --sequential-keys}, each process sees a key's
 * versions in order; {@code --linearizable-keys}, so does real time.
 */
public record KeyOrders(boolean writesFollowReads, boolean sequential, boolean linearizable) {
  public static final KeyOrders NONE = new KeyOrders(false, false, false);
}
