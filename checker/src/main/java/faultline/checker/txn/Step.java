package faultline.checker.txn;

import faultline.checker.history.Values;

/**
 * Why {@code from} precedes {@code to} in a cycle: the data that makes the edge, kept as data so
 * reports can draw it and the text below can tell it.
 *
 * @param key the key both touched (null for process and real-time steps)
 * @param value ww: from's write; wr: the value to observed; rw: the version from read (null: the
 *     initial state)
 * @param next ww and rw: to's write that came next in the key's version order
 */
public record Step(Txn from, Txn to, DepType type, Object key, Object value, Object next) {

  /** "T2 observed T1's append of 3 to key 7" (the clause after "because"), for list-append. */
  public String because(boolean lists) {
    String k = "key " + Values.brief(key, "key");
    String write = lists ? "append of " : "write of ";
    return switch (type) {
      case WW -> to.name() + (lists ? " appended " : " wrote ") + Values.brief(next, "value") + " after " + from.name() + "'s "
          + write + Values.brief(value, "value") + " to " + k;
      case WR -> to.name() + " observed " + from.name() + "'s " + write + Values.brief(value, "value") + " to " + k;
      case RW -> from.name() + " read " + k + (value == null ? " in its initial state" : lists ? " at " + Values.brief(value, "value") : " as " + Values.brief(value, "value"))
          + ", before " + to.name() + "'s " + write + Values.brief(next, "value");
      case PROCESS -> "process " + from.process() + " executed " + from.name() + " before " + to.name();
      case REALTIME -> from.name() + " completed (event " + from.complete() + ") before " + to.name()
          + " began (event " + to.invoke() + ")";
    };
  }
}
