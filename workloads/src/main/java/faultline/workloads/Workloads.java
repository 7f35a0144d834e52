package faultline.workloads;

import faultline.checker.UnknownName;
import faultline.workloads.txn.BankWorkload;
import faultline.workloads.txn.ListAppendWorkload;
import faultline.workloads.txn.RwRegisterWorkload;
import java.util.List;

/**
 * The workload registry: every workload, by the names the command line uses. Each is declared
 * once, as the {@code KIND} of its own class ({@link WorkloadKind}); a new workload adds its
 * {@code KIND} to {@link #ALL}, and help, docs and {@code --client} follow.
 */
public final class Workloads {
  /** Every workload, in the order help and docs list them. */
  public static final List<WorkloadKind> ALL = List.of(
      CounterWorkload.KIND,
      RegisterWorkload.KIND,
      SetWorkload.KIND,
      ListAppendWorkload.KIND,
      RwRegisterWorkload.KIND,
      BankWorkload.KIND,
      LeaderboardWorkload.KIND,
      JobsWorkload.KIND,
      SessionWorkload.KIND,
      LockWorkload.KIND,
      LockWorkload.FENCED,
      CacheAsideWorkload.KIND);

  public static final List<String> NAMES = ALL.stream().map(WorkloadKind::name).toList();

  private Workloads() {}

  /** The workload named {@code name}, or an exception naming the nearest. */
  public static WorkloadKind kind(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(UnknownName.message("workload", name, NAMES)));
  }

  /** A workload whose reads go to the primary. */
  public static Workload byName(String name, boolean cas) {
    return byName(name, cas, true);
  }

  /**
   * @param cas for registers: whether the client can compare-and-set
   * @param readsOnPrimary whether reads go to the primary (list-append then ends with final reads)
   */
  public static Workload byName(String name, boolean cas, boolean readsOnPrimary) {
    return kind(name).make(new WorkloadKind.Settings(cas, readsOnPrimary));
  }
}
