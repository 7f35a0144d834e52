package faultline.cli;

import static faultline.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.Explanation;
import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.format.HistoryFile;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.MalformedHistoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The library's front door and {@code faultline check} agree on every history the repository
 * holds (examples/ and testdata/): the same guess, verdict, anomalies and models ruled out (and,
 * for a workload's checkers composed, each one's verdict), or the same refusal. Both read a faultline JSONL list-append file the fast way (HistoryCheck
 * offers it to the fast reader), so every JSONL file is also checked from the history the
 * general reader reads, which must give the same result.
 */
class HistoryCheckParityTest {

  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples")) && Files.isDirectory(dir.resolve("testdata"))) return dir;
    }
    throw new IllegalStateException("examples/ and testdata/ not found above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> histories() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String folder : List.of("examples", "testdata")) {
      try (Stream<Path> files = Files.walk(root().resolve(folder))) {
        // examples/leaderboard-service is a Maven project (the Java API's example), not a history
        files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".md") && !f.toString().endsWith(".tsv"))
            .filter(f -> !f.startsWith(root().resolve("examples/leaderboard-service"))).sorted()
            .forEach(out::add);
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyHistoryOfTheRepositoryGetsTheCliResult() throws Exception {
    List<Path> files = histories();
    assertThat(files).hasSizeGreaterThan(100);
    return files.stream().map(f -> DynamicTest.dynamicTest(root().relativize(f).toString(), () -> sameResult(f)));
  }

  /*
   * Both with their defaults, as a user calls them: the weaker models get a second each in both
   * (the few etcd logs whose sequential search explodes say unknown for it in both). A --time-limit
   * would not do: the CLI keeps it for the whole file, HistoryCheck for each search.
   */

  @SuppressWarnings("unchecked")
  private static void sameResult(Path file) throws Exception {
    CheckCommandTest.Run cli = run("check", "--json", "--quiet", file.toString());
    Map<String, Object> doc = new ObjectMapper().readValue(cli.out(), Map.class);
    Map<String, Object> checked = ((List<Map<String, Object>>) doc.get("files")).getFirst();

    HistoryCheck check;
    Result r;
    try {
      check = HistoryCheck.of(file);
      r = check.check();
    } catch (MalformedHistoryException e) {
      assertThat(cli.code()).as("refused by HistoryCheck (%s)", e.getMessage()).isEqualTo(ExitCode.USAGE);
      assertThat(cli.err()).contains(e.getMessage());
      return;
    }
    assertThat(cli.code()).as(cli.err()).isNotEqualTo(ExitCode.USAGE);
    assertThat(r.name()).isEqualTo(checked.get("checker"));
    assertThat(r.verdict().json()).isEqualTo(checked.get("valid"));
    assertThat(r.details().get("model")).isEqualTo(checked.get("model"));
    assertThat(r.ruledOut()).isEqualTo(checked.getOrDefault("ruled-out", List.of()));
    assertThat(r.explanations().stream().map(Explanation::type).toList())
        .isEqualTo(((List<Map<String, Object>>) checked.getOrDefault("explanation-data", List.of())).stream().map(e -> e.get("type")).toList());
    // A workload's checkers composed (lock, leaderboard, ...): each one's name and verdict.
    assertThat(r.parts().stream().map(p -> p.name() + " " + p.verdict().json()).toList())
        .isEqualTo(((List<Map<String, Object>>) checked.getOrDefault("checkers", List.of())).stream().map(c -> c.get("checker") + " " + c.get("valid")).toList());
    if (check.isTransactional()) {
      // Elle's own shape in the details: the anomaly types, and the models the table calls invalid.
      Set<String> types = new LinkedHashSet<>();
      for (Explanation e : r.explanations()) types.add(e.type());
      assertThat(types).containsExactlyInAnyOrderElementsOf((List<String>) checked.get("anomaly-types"));
      List<String> invalid = ((Map<String, Map<String, Object>>) checked.get("models")).entrySet().stream()
          .filter(m -> "false".equals(String.valueOf(m.getValue().get("valid")))).map(Map.Entry::getKey).toList();
      assertThat(r.ruledOut()).isEqualTo(invalid);
    }
    HistoryFile read = HistoryFiles.load(file, null);
    if (read.format() == HistoryFormat.JSONL) {
      Result general = HistoryCheck.of(read.history()).check();
      assertThat(general.verdict()).isEqualTo(r.verdict());
      assertThat(general.ruledOut()).isEqualTo(r.ruledOut());
      assertThat(general.explanations().stream().map(Explanation::type).toList())
          .isEqualTo(r.explanations().stream().map(Explanation::type).toList());
    }
  }
}
