package faultline.cli;

import faultline.checker.HistoryCheck;
import faultline.checker.model.Models;
import faultline.environments.EnvironmentKind;
import faultline.environments.Topology;
import faultline.nemesis.Faults;
import faultline.workloads.ClientVariant;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
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
      {"env", "where the servers run: " + Arrays.stream(EnvironmentKind.values()).map(k -> k.id() + " (" + k.description() + ")")
          .collect(Collectors.joining("; ")) + " (default: local; external with --endpoint, ssh with --inventory)"},
      {"keys", perWorkload("--keys", "keys receiving ops at once") + " (default: the scenario's, else 10)"},
      {"ops-per-key", perWorkload("--ops-per-key", "ops per key before a fresh key") + " (default: the scenario's, else 100)"},
      {"nemesis", "faults, comma-separated, chosen at random with the seed: " + Faults.usage() + " (default: the scenario's, else none)"},
      {"check-model", String.join(", ", HistoryCheck.MODEL_NAMES) + " (default: guessed from the functions used)"},
      {"run-model", "the " + oneOf(Workloads.ALL.stream().filter(k -> k.takes("--model")).map(WorkloadKind::name).toList())
          + " workload: the model to check against, " + oneOf(Models.SEARCHED_NAMES) + " (default cas-register)"},
    };
  }

  /**
   * What {@code flag} means: {@code usual}, then for the workloads that declare another meaning
   * that one ("list-append, rw-register: the pool of active keys ..."), and the workloads that
   * refuse it.
   */
  private static String perWorkload(String flag, String usual) {
    Map<String, List<String>> others = new LinkedHashMap<>();
    for (WorkloadKind k : Workloads.ALL) {
      String meaning = k.options().get(flag);
      if (meaning != null && !meaning.equals(usual)) others.computeIfAbsent(meaning, m -> new ArrayList<>()).add(k.name());
    }
    StringBuilder out = new StringBuilder(usual);
    others.forEach((meaning, names) -> out.append("; ").append(String.join(", ", names)).append(": ").append(meaning));
    List<String> refusing = Workloads.ALL.stream().filter(k -> k.refused().containsKey(flag)).map(WorkloadKind::name).toList();
    if (!refusing.isEmpty()) out.append("; not for ").append(oneOf(refusing));
    return out.toString();
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
