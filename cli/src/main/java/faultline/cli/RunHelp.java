package faultline.cli;

import faultline.checker.model.Models;
import faultline.environments.Topology;
import faultline.workloads.ClientVariant;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.util.Arrays;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * The descriptions of {@code faultline run}'s options that list names, made from the registries
 * (workloads with their clients, topologies, models, faults) rather than typed: picocli reads
 * them as the command's resource bundle, by each option's {@code descriptionKey}.
 */
public final class RunHelp extends ListResourceBundle {

  @Override
  protected Object[][] getContents() {
    return new Object[][] {
      {"workload", oneOf(Workloads.NAMES) + " (default: the client's, else register)"},
      {"client", "client variant, per workload (default: the workload's first on the database): "
          + Workloads.ALL.stream().map(k -> k.name() + ": " + k.clients().stream().map(ClientVariant::id).collect(Collectors.joining(", ")))
              .collect(Collectors.joining("; "))},
      {"topology", oneOf(Arrays.stream(Topology.values()).map(Topology::id).toList()) + " (default: DB's single node)"},
      {"model", "the " + oneOf(Workloads.ALL.stream().filter(k -> k.takes("--model")).map(WorkloadKind::name).toList())
          + " workload: the model to check against, " + oneOf(Models.NAMES) + " (default cas-register)"},
    };
  }

  /** "a, b or c". */
  static String oneOf(List<String> names) {
    if (names.size() < 2) return String.join("", names);
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
