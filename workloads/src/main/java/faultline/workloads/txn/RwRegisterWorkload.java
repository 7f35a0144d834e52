package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.txn.TransactionalCheckers;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import java.util.Map;

/**
 * Elle's rw-register: transactions of 1 to 4 micro-ops, each a read of one register ({@code
 * [r k nil]}, completed as {@code [r k v]}, nil when never written) or a write ({@code [w k v]}),
 * over a pool of active keys renewed as list-append's is. Values are unique per key, so a read
 * names its writer.
 */
public final class RwRegisterWorkload implements Workload {
  @Override
  public String name() {
    return "rw-register";
  }

  @Override
  public String keyPrefix() {
    return "";
  }

  /** Elle's rw-register checker, with writes following the version their transaction read (--wfr-keys). */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of("rw-register", TransactionalCheckers.rwRegister(options.timeLimit()));
  }

  @Override
  public boolean finalReads() {
    return false;
  }

  @Override
  public KeyOps newKey(String key) {
    throw new UnsupportedOperationException("rw-register transactions span keys; see spanning()");
  }

  @Override
  public Spanning spanning(int keysInFlight, int writesPerKey) {
    return new TxnKeyPool(keysInFlight, writesPerKey, "w");
  }
}
