package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.model.ModelKind;
import faultline.checker.model.Models;
import faultline.cli.CheckCommandTest.Run;
import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import faultline.environments.EnvironmentKind;
import faultline.environments.Topology;
import faultline.nemesis.FaultKind;
import faultline.nemesis.Faults;
import faultline.workloads.ClientVariant;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every registered workload, client, model, fault, topology and scenario is where a newcomer
 * looks: in {@code run --help}, in {@code faultline scenarios}, and in the reference tables of
 * docs/, which are made from the registries (so a table typed by hand, or one left behind by a
 * new entry, fails here).
 */
class RegistriesAppearEverywhereTest {
  static final Path DOCS = Path.of("..", "docs");

  @Test
  void theDocsTablesAreThoseTheRegistriesMake() throws IOException {
    assertThat(ReferenceTables.update(DOCS, false)).as("pages out of date: run bin/faultline docs --write").isEmpty();
    // Each table is somewhere in the docs, between its markers.
    String docs = docs();
    for (String table : ReferenceTables.all().keySet()) {
      assertThat(docs).as(table).contains("<!-- generated: " + table + " -->\n" + ReferenceTables.all().get(table) + "<!-- end generated: " + table + " -->");
    }
  }

  @Test
  void everyNameIsInTheDocs() throws IOException {
    String docs = docs();
    for (WorkloadKind k : Workloads.ALL) {
      assertThat(docs).contains("| `" + k.name() + "` | " + k.description());
      for (ClientVariant c : k.clients()) assertThat(docs).contains("| `" + c.id() + "` | " + k.name() + " | ");
    }
    for (Topology t : Topology.values()) assertThat(docs).contains("| `" + t.id() + "` | " + t.description());
    for (EnvironmentKind k : EnvironmentKind.values()) assertThat(docs).contains("| `" + k.id() + "` | " + k.description());
    for (FaultKind f : Faults.ALL) for (String name : f.names()) assertThat(docs).contains("`" + name + "`");
    for (ModelKind m : Models.ALL) assertThat(docs).contains("| `" + m.name() + "` | ");
    for (Scenario s : Scenarios.ALL) assertThat(docs).contains("| `" + s.name() + "` | " + s.topology().id() + " | `" + s.client() + "` | ");
  }

  @Test
  void everyWorkloadClientTopologyFaultAndModelIsInRunsHelp() {
    Run help = CheckCommandTest.run("run", "--help");
    assertThat(help.code()).isZero();
    // picocli wraps lines anywhere it likes: compare without white space.
    String text = help.out().replaceAll("\\s+", "");
    Stream.of(Workloads.NAMES.stream(), Workloads.ALL.stream().flatMap(k -> k.clients().stream()).map(ClientVariant::id),
            Stream.of(Topology.values()).map(Topology::id), Faults.ALL.stream().map(FaultKind::usage),
            Faults.ALL.stream().map(FaultKind::options), Models.SEARCHED_NAMES.stream())
        .flatMap(s -> s)
        .forEach(name -> assertThat(text).as(name).contains(name));
  }

  @Test
  void everyModelIsInChecksHelpAndEveryTopologyInEnvUps() {
    String check = CheckCommandTest.run("check", "--help").out().replaceAll("\\s+", "");
    Models.NAMES.forEach(name -> assertThat(check).as(name).contains(name + ","));
    String envUp = CheckCommandTest.run("env", "up", "--help").out().replaceAll("\\s+", "");
    Stream.of(Topology.values()).forEach(t -> assertThat(envUp).as(t.id()).contains(t.id()));
  }

  @Test
  void everyScenarioIsInTheCatalogueWithWhatItShowsAndExpects() {
    Run list = CheckCommandTest.run("scenarios");
    assertThat(list.code()).isZero();
    for (Scenario s : Scenarios.ALL) {
      assertThat(list.out()).containsPattern("(?m)^" + s.name() + " +" + java.util.regex.Pattern.quote(s.demonstrates() + " (expected: " + s.expected() + ")") + "$");
    }
  }

  private static String docs() throws IOException {
    try (Stream<Path> pages = Files.list(DOCS)) {
      return pages.filter(p -> p.toString().endsWith(".md")).sorted().map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).collect(Collectors.joining("\n"));
    }
  }
}
