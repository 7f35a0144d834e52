package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalogue in {@code findings/} cannot drift from the scenarios: every page's command names a
 * scenario that exists, its stated expected verdict is that scenario's expected exit code, and the
 * table in findings/README.md lists every page with the same command and verdict.
 */
class FindingsCatalogueTest {
  static final Path FINDINGS = Path.of("..", "findings");
  static final Path INDEX = FINDINGS.resolve("README.md");

  /** A page's header rows: {@code | Command | `bin/faultline run --scenario NAME ...` |}. */
  static final Pattern COMMAND_ROW = Pattern.compile("(?m)^\\| Command \\| `(bin/faultline run --scenario ([a-z0-9-]+)[^`]*)` \\|$");
  static final Pattern VERDICT_ROW = Pattern.compile("(?m)^\\| Expected verdict \\| exit (\\d+)\\b");
  static final List<String> HEADER_ROWS = List.of("Found", "Versions", "Reproduces", "Command", "Expected verdict", "Measured");
  /** Any other scenario a page names with its exit code: {@code `bin/faultline run --scenario NAME` (exit N}. */
  static final Pattern MENTION = Pattern.compile("`bin/faultline run --scenario ([a-z0-9-]+)[^`]*`\\s*\\(exit (\\d+)");
  static final Pattern ANY_SCENARIO = Pattern.compile("--scenario ([a-z0-9-]+)");
  /** A row of the index: {@code | finding | versions | exit N (...) | `command` | [page](page.md) |}. */
  static final Pattern INDEX_ROW = Pattern.compile(
      "(?m)^\\|[^|]+\\|[^|]+\\| exit (\\d+)[^|]*\\| `([^`]+)` \\| \\[[^\\]]+\\]\\(([^)]+)\\) \\|$");

  record Page(String file, String command, String scenario, int exit) {}

  @Test
  void everyPageNamesAnExistingScenarioWithItsExpectedExitCode() throws IOException {
    List<Page> pages = pages();
    assertThat(pages).as("findings pages").hasSizeGreaterThanOrEqualTo(7);
    for (Page page : pages) {
      Optional<Scenario> scenario = Scenarios.byName(page.scenario());
      assertThat(scenario).as("%s: scenario %s exists", page.file(), page.scenario()).isPresent();
      assertThat(page.exit()).as("%s: expected verdict of %s", page.file(), page.scenario())
          .isEqualTo(scenario.orElseThrow().expectedExitCode());
    }
  }

  @Test
  void everyPageGivesWhatWasFoundTheVersionsTheAnalysisAndTheDate() throws IOException {
    for (Path file : pageFiles()) {
      String text = Files.readString(file);
      assertThat(text).as(file.toString()).startsWith("# ");
      for (String row : HEADER_ROWS) {
        assertThat(Pattern.compile("(?m)^\\| " + Pattern.quote(row) + " \\| \\S").matcher(text).find())
            .as("%s has a non-empty row %s", file.getFileName(), row).isTrue();
      }
    }
  }

  @Test
  void everyOtherScenarioAPageNamesExistsAndItsStatedExitCodeIsItsOwn() throws IOException {
    for (Path file : pageFiles()) {
      String text = Files.readString(file);
      Matcher any = ANY_SCENARIO.matcher(text);
      while (any.find()) {
        assertThat(Scenarios.byName(any.group(1))).as("%s names scenario %s", file.getFileName(), any.group(1)).isPresent();
      }
      Matcher mention = MENTION.matcher(text);
      while (mention.find()) {
        assertThat(Integer.parseInt(mention.group(2))).as("%s: exit code stated for %s", file.getFileName(), mention.group(1))
            .isEqualTo(Scenarios.byName(mention.group(1)).orElseThrow().expectedExitCode());
      }
    }
  }

  @Test
  void theIndexListsEveryPageWithItsCommandAndVerdict() throws IOException {
    Map<String, Page> byFile = new TreeMap<>();
    for (Page page : pages()) byFile.put(page.file(), page);
    Matcher row = INDEX_ROW.matcher(Files.readString(INDEX));
    TreeSet<String> listed = new TreeSet<>();
    while (row.find()) {
      String file = row.group(3);
      assertThat(listed.add(file)).as("%s listed once", file).isTrue();
      Page page = byFile.get(file);
      assertThat(page).as("index links %s, a page of findings/", file).isNotNull();
      assertThat(row.group(2)).as("index command of %s", file).isEqualTo(page.command());
      assertThat(Integer.parseInt(row.group(1))).as("index verdict of %s", file).isEqualTo(page.exit());
    }
    assertThat(listed).as("pages listed in findings/README.md").isEqualTo(byFile.keySet());
  }

  @Test
  void theReadmeLinksTheCatalogue() throws IOException {
    assertThat(Files.readString(Path.of("..", "README.md"))).contains("(findings/README.md)");
  }

  static List<Path> pageFiles() throws IOException {
    try (Stream<Path> files = Files.list(FINDINGS)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".md") && !f.equals(INDEX)).sorted().toList();
    }
  }

  static List<Page> pages() throws IOException {
    List<Page> pages = new ArrayList<>();
    for (Path file : pageFiles()) {
      String text = Files.readString(file);
      Matcher command = COMMAND_ROW.matcher(text);
      assertThat(command.find()).as("%s has a Command row naming a scenario", file.getFileName()).isTrue();
      Matcher verdict = VERDICT_ROW.matcher(text);
      assertThat(verdict.find()).as("%s has an Expected verdict row with an exit code", file.getFileName()).isTrue();
      pages.add(new Page(file.getFileName().toString(), command.group(1), command.group(2), Integer.parseInt(verdict.group(1))));
      assertThat(command.find()).as("%s has one Command row", file.getFileName()).isFalse();
    }
    return pages;
  }
}
