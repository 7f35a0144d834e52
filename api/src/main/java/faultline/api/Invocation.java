package faultline.api;

import java.util.List;

/**
 * What a logical process asks its {@link Client} to do: a function on one key, with its argument.
 * The functions are the workload's: {@code add} and {@code read} for counters and sets, {@code
 * read}, {@code write} and {@code cas} for registers, {@code txn} for the transactional workloads,
 * or your own.
 *
 * @param f the function, such as {@code add} or {@code read}
 * @param key the key it applies to (transactional workloads name their keys inside the value)
 * @param value the argument: an amount to add, a value to write, {@code [expected, new]} for a
 *     cas, a list of micro-operations for a {@code txn}, or null for a read
 */
public record Invocation(String f, String key, Object value) {

  /**
   * Whether this is a read.
   *
   * @return true when {@code f} is {@code read}
   */
  public boolean isRead() {
    return "read".equals(f);
  }

  /**
   * The argument as a long: an amount to add, a register's value.
   *
   * @return the value as a long
   * @throws IllegalStateException when the value is not a whole number
   */
  public long longValue() {
    if (value instanceof Number n) return n.longValue();
    throw new IllegalStateException(f + " on " + key + " carries " + value + ", not a number");
  }

  /**
   * A cas's expected and new values.
   *
   * @return {@code [expected, new]}
   * @throws IllegalStateException when this is no cas
   */
  public List<?> pair() {
    if (value instanceof List<?> l && l.size() == 2) return l;
    throw new IllegalStateException(f + " on " + key + " carries " + value + ", not [expected, new]");
  }

  @Override
  public String toString() {
    return f + "(" + key + (value == null ? "" : ", " + value) + ")";
  }
}
