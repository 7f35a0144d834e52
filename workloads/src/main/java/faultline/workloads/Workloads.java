package faultline.workloads;

import java.util.List;

/** The workloads, by the names the command line uses. */
public final class Workloads {
  public static final List<String> NAMES = List.of("counter", "register", "set", "list-append", "rw-register", "bank");

  private Workloads() {}

  /** @param cas for registers: whether the client can compare-and-set */
  public static Workload byName(String name, boolean cas) {
    return switch (name) {
      case "counter" -> new CounterWorkload();
      case "register" -> new RegisterWorkload(cas);
      case "set" -> new SetWorkload();
      case "list-append" -> new faultline.workloads.txn.ListAppendWorkload();
      case "rw-register" -> new faultline.workloads.txn.RwRegisterWorkload();
      case "bank" -> new faultline.workloads.txn.BankWorkload();
      default -> throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }
}
