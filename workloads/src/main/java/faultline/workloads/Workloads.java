package faultline.workloads;

import faultline.checker.UnknownName;
import faultline.workloads.txn.BankWorkload;
import faultline.workloads.txn.ListAppendWorkload;
import faultline.workloads.txn.RwRegisterWorkload;
import java.util.List;

/** The workloads, by the names the command line uses. */
public final class Workloads {
  public static final List<String> NAMES = List.of("counter", "register", "set", "list-append", "rw-register", "bank", "lock", "fenced-lock");

  private Workloads() {}

  /** A workload whose reads go to the primary. */
  public static Workload byName(String name, boolean cas) {
    return byName(name, cas, true);
  }

  /**
   * @param cas for registers: whether the client can compare-and-set
   * @param readsOnPrimary whether reads go to the primary (list-append then ends with final reads)
   */
  public static Workload byName(String name, boolean cas, boolean readsOnPrimary) {
    return switch (name) {
      case "counter" -> new CounterWorkload();
      case "register" -> new RegisterWorkload(cas);
      case "set" -> new SetWorkload();
      case "list-append" -> new ListAppendWorkload(readsOnPrimary);
      case "rw-register" -> new RwRegisterWorkload();
      case "bank" -> new BankWorkload();
      case "lock" -> new LockWorkload(false);
      case "fenced-lock" -> new LockWorkload(true);
      default -> throw new IllegalArgumentException(UnknownName.message("workload", name, NAMES));
    };
  }
}
