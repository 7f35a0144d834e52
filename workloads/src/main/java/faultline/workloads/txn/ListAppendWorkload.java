package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.checker.txn.LostAppendChecker;
import faultline.checker.txn.TransactionalCheckers;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Elle's list-append: transactions ({@code f} {@code txn}) of 1 to 4 micro-ops, each a read of a
 * whole list ({@code [r k nil]}, completed as {@code [r k [v ...]]}) or an append of one element
 * ({@code [append k v]}), over a pool of active keys. Each key takes at most a bounded number of
 * appends, then a fresh key takes its place, so lists stay short and the checker's version orders
 * cheap, as Elle's generator renews its keys. Elements are 1, 2, 3, ... per key, so each is
 * unique to its key and names the one transaction that appended it.
 *
 * <p>When reads go to the primary, the run ends with a read of every key once the faults have
 * healed, and the lost-append check (Jepsen's set analysis over the appends) judges it: Elle's
 * cycles cannot show an acknowledged append that no read ever shows. Reads from replicas make no
 * final reads: a replica's lag would look like loss.
 */
public final class ListAppendWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("list-append")
      .shows("Elle's list-append: transactions of appends and whole-list reads, checked for dependency cycles, and for lost appends by final reads")
      .option("--keys", "the pool of active keys transactions draw from")
      .option("--ops-per-key", "writes per key before a fresh key takes its place")
      .make(settings -> new ListAppendWorkload(settings.readsOnPrimary()))
      .clients(RedisVariant.MULTI_APPEND, RedisVariant.LUA_APPEND, PostgresVariant.APPEND)
      .build();

  private final boolean finalReads;

  /** @param finalReads whether the run ends with a read of every key (reads go to the primary) */
  public ListAppendWorkload(boolean finalReads) {
    this.finalReads = finalReads;
  }

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "";
  }

  /**
   * Elle's list-append checker, judging strict-serializable as Jepsen's PostgreSQL suite does by
   * default; with final reads, the lost-append check too.
   */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    Map<String, Checker> checkers = new LinkedHashMap<>();
    checkers.put("list-append", TransactionalCheckers.listAppend(options.timeLimit()));
    if (finalReads) checkers.put(LostAppendChecker.NAME, new LostAppendChecker());
    return checkers;
  }

  @Override
  public boolean finalReads() {
    return finalReads;
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
