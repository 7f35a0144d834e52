package faultline.workloads;

import faultline.checker.UnknownName;
import java.util.List;

/** Every {@code --client} variant by name, as the workloads of {@link Workloads#ALL} declare them. */
public final class ClientVariants {
  private ClientVariants() {}

  /** Every variant, workload by workload. */
  public static List<ClientVariant> all() {
    return Workloads.ALL.stream().flatMap(k -> k.clients().stream()).toList();
  }

  /** The variant used when none is named: the workload's first on {@code database}. */
  public static String defaultFor(String database, String workload) {
    WorkloadKind kind = Workloads.kind(workload);
    return kind.defaultClient(database)
        .orElseThrow(() -> new IllegalArgumentException("the " + workload + " workload has no " + database + " client")).id();
  }

  /** Every variant's name, with the workload it serves. */
  public static List<String> describeAll() {
    return Workloads.ALL.stream().flatMap(k -> k.clients().stream().map(c -> c.id() + " (" + k.name() + ")")).toList();
  }

  /** The variant named {@code id}; an exception naming the variants when unknown. */
  public static ClientVariant byId(String id) {
    return all().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        UnknownName.message("client", id, all().stream().map(ClientVariant::id).toList(), "known: " + String.join(", ", describeAll()))));
  }

  /** The workload this variant serves; an exception naming the variants when unknown. */
  public static String workloadOf(String variant) {
    ClientVariant c = byId(variant);
    return Workloads.ALL.stream().filter(k -> k.clients().contains(c)).findFirst().orElseThrow().name();
  }

  public static boolean isRedis(String variant) {
    return all().stream().anyMatch(c -> c.id().equals(variant) && c.database().equals(ClientVariant.REDIS));
  }

  /** Whether the variant can compare-and-set (register workloads then include cas). */
  public static boolean cas(String variant) {
    return byId(variant).cas();
  }

  public static ClientFactory open(String variant, Targets targets, ClientOptions options, int concurrency) {
    return byId(variant).open(targets, options, concurrency);
  }
}
