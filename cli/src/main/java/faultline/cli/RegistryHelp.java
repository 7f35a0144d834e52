package faultline.cli;

import faultline.checker.HistoryCheck;
import faultline.checker.model.Models;
import faultline.environments.Topology;
import faultline.nemesis.Faults;
import faultline.workloads.ClientVariant;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.util.Arrays;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.stream.Collectors;

/**
 * The descriptions of options that list names ({@code run}'s, {@code check --model}, {@code env up}'s
 * topology), made from the registries (workloads with their clients, topologies, models, faults)
 * rather than typed: picocli reads them as the commands' resource bundle, by each option's
 * {@code descriptionKey}.
 */
public final class RegistryHelp extends ListResourceBundle {

  @Override
  protected Object[][] getContents() {
    return new Object[][] {
      {"workload", oneOf(Workloads.NAMES) + " (default: the client's, else register)"},
      {"client", "client variant, per workload (default: the workload's first on the database): "
          + Workloads.ALL.stream().map(k -> k.name() + ": " + k.clients().stream().map(ClientVariant::id).collect(Collectors.joining(", ")))
              .collect(Collectors.joining("; "))},
      {"topology", oneOf(topologies()) + " (default: DB's single node)"},
      {"env-topology", "which topology to start: " + oneOf(topologies())},
      {"nemesis", "faults, comma-separated, chosen at random with the seed: " + Faults.usage() + " (default: the scenario's, else none)"},
      {"check-model", String.join(", ", HistoryCheck.MODEL_NAMES) + " (default: guessed from the functions used)"},
      {"run-model", "the " + oneOf(Workloads.ALL.stream().filter(k -> k.takes("--model")).map(WorkloadKind::name).toList())
          + " workload: the model to check against, " + oneOf(Models.NAMES) + " (default cas-register)"},
    };
  }

  private static List<String> topologies() {
    return Arrays.stream(Topology.values()).map(Topology::id).toList();
  }

  /** "a, b or c". */
  static String oneOf(List<String> names) {
    if (names.size() < 2) return String.join("", names);
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}
