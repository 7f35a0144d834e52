package faultline.api;

/**
 * The built-in workloads, usable as they are with a client that implements their operations, and
 * your own ({@link #custom}).
 *
 * <table>
 *   <caption>The built-in workloads: the operations a client receives, and what judges them</caption>
 *   <tr><th>workload</th><th>operations</th><th>judged by</th></tr>
 *   <tr><td>counter</td><td>{@code add n} (1 to 5), {@code read} (returns the count, 0 for a new key)</td>
 *       <td>every read between what was certainly added and what may have been</td></tr>
 *   <tr><td>register</td><td>{@code read} (null for a new key), {@code write v}, {@code cas [expected, new]}</td>
 *       <td>linearizability (cas-register), with the weaker models beside it</td></tr>
 *   <tr><td>set</td><td>{@code add e}, {@code read} (returns every element)</td>
 *       <td>every acknowledged element in the final read</td></tr>
 *   <tr><td>list-append, rw-register, bank</td><td>{@code txn} with a list of micro-operations</td>
 *       <td>Elle's transactional checks</td></tr>
 * </table>
 *
 * <p>Counters and sets end with a final read of every key, after the faults are healed.
 */
public final class Workloads {
  private static final int KEYS = 8;
  private static final int OPS_PER_KEY = 100;

  private Workloads() {}

  /**
   * Counters: {@code add} and {@code read}; a lost update shows as a read below what was added.
   *
   * @return the workload
   */
  public static Workload counter() {
    return builtIn("counter");
  }

  /**
   * Registers: {@code read}, {@code write} and {@code cas}, checked for linearizability.
   *
   * @return the workload
   */
  public static Workload register() {
    return builtIn("register");
  }

  /**
   * Grow-only sets: {@code add} and {@code read}.
   *
   * @return the workload
   */
  public static Workload set() {
    return builtIn("set");
  }

  /**
   * Elle's list-append transactions.
   *
   * @return the workload
   */
  public static Workload listAppend() {
    return builtIn("list-append");
  }

  /**
   * Elle's read-write register transactions.
   *
   * @return the workload
   */
  public static Workload rwRegister() {
    return builtIn("rw-register");
  }

  /**
   * Bank transfers between accounts, whose total must never change.
   *
   * @return the workload
   */
  public static Workload bank() {
    return builtIn("bank");
  }

  /**
   * Your own operations, judged by linearizability against the model you name with {@link
   * Workload#model}.
   *
   * @param name the workload's name, for the report
   * @param operations the next operation on a key
   * @return the workload
   */
  public static Workload custom(String name, Operations operations) {
    if (name == null || name.isBlank()) throw new FaultlineException("a custom workload needs a name");
    if (operations == null) throw new FaultlineException("custom workload " + name + " needs its operations");
    return new Workload(name, operations, KEYS, OPS_PER_KEY, null);
  }

  private static Workload builtIn(String name) {
    return new Workload(name, null, KEYS, OPS_PER_KEY, null);
  }
}
