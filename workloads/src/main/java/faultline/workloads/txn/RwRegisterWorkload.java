package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.txn.TransactionalCheckers;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.Map;

/**
 * Elle's rw-register: transactions of 1 to 4 micro-ops, each a read of one register ({@code
 * [r k nil]}, completed as {@code [r k v]}, nil when never written) or a write ({@code [w k v]}),
 * over a pool of active keys renewed as list-append's is. Values are unique per key, so a read
 * names its writer.
 */
public final class RwRegisterWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("rw-register")
      .shows("Elle's rw-register: transactions of reads and writes of single values, checked for dependency cycles")
      .option("--keys", "the pool of active keys transactions draw from")
      .option("--ops-per-key", "writes per key before a fresh key takes its place")
      .make(settings -> new RwRegisterWorkload())
      .clients(RedisVariant.MULTI_REGISTER, RedisVariant.LUA_REGISTER, PostgresVariant.TXN_REGISTER)
      .build();

  @Override
  public String name() {
    return KIND.name();
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
