package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import java.util.Map;

/**
 * Elle's list-append: transactions ({@code f} {@code txn}) of 1 to 4 micro-ops, each a read of a
 * whole list ({@code [r k nil]}, completed as {@code [r k [v ...]]}) or an append of one element
 * ({@code [append k v]}), over a pool of active keys. Each key takes at most a bounded number of
 * appends, then a fresh key takes its place, so lists stay short and the checker's version orders
 * cheap, as Elle's generator renews its keys. Elements are 1, 2, 3, ... per key, so each is
 * unique to its key and names the one transaction that appended it.
 */
public final class ListAppendWorkload implements Workload {
  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public String keyPrefix() {
    return "";
  }

  /** Elle's list-append checker, judging strict-serializable as Jepsen's PostgreSQL suite does by default. */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of("list-append", TxnChecks.listAppend(options.timeLimit()));
  }

  @Override
  public boolean finalReads() {
    return false; // Elle's list-append has none: every read of a transaction is already a witness
  }

  @Override
  public KeyOps newKey(String key) {
    throw new UnsupportedOperationException("list-append transactions span keys; see spanning()");
  }

  @Override
  public Spanning spanning(int keysInFlight, int writesPerKey) {
    return new TxnKeyPool(keysInFlight, writesPerKey, "append");
  }
}
