package faultline.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.SharedData;
import faultline.checker.Verdict;
import faultline.checker.format.HistoryFiles;
import faultline.checker.history.PairedHistory;
import faultline.checker.model.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every history of the shared corpus (Jepsen's etcd tests and Porcupine's kv tests) gets the
 * verdict recorded in expected.tsv: cas-register with initial nil for the etcd logs, kv for the
 * kv files.
 */
class PorcupineCorpusTest {

  static Stream<Arguments> expectations() throws IOException {
    Path root = SharedData.porcupine();
    return Files.readAllLines(root.resolve("expected.tsv")).stream()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("\t"))
        .map(f -> Arguments.of(f[0], f[1]));
  }

  @Test
  void corpusHasAllItsFiles() throws IOException {
    assertThat(expectations().count()).isEqualTo(108);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("expectations")
  void verdictMatches(String file, String expected) throws Exception {
    Path path = SharedData.porcupine().resolve(file);
    var model = file.startsWith("kv/") ? Models.byName("kv", null) : Models.byName("cas-register", null);
    var paired = PairedHistory.of(HistoryFiles.read(path, null));
    var result = new LinearizabilityChecker().check(paired, model, Budget.unlimited());
    Verdict want = expected.equals("linearizable") ? Verdict.VALID : Verdict.INVALID;
    assertThat(result.verdict()).as(file).isEqualTo(want);
    if (want == Verdict.INVALID) {
      assertThat(result.witness()).isNotNull();
      assertThat(result.witness().candidates()).isNotEmpty();
    }
  }

  @Test
  void theOneEmptyLogIsRefusedAsInput() {
    Path empty = SharedData.porcupine().resolve("jepsen/etcd_095.log");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HistoryFiles.read(empty, null))
        .hasMessageContaining("etcd_095.log").hasMessageContaining("empty");
  }

  @Test
  void verdictsAgreeOnOneThread() throws Exception {
    // The parallel search must not change a verdict: check a few files on a single thread too.
    for (String file : List.of("jepsen/etcd_000.log", "jepsen/etcd_002.log", "kv/c10-bad.txt", "kv/c10-ok.txt")) {
      Path path = SharedData.porcupine().resolve(file);
      var model = file.startsWith("kv/") ? Models.byName("kv", null) : Models.byName("cas-register", null);
      var paired = PairedHistory.of(HistoryFiles.read(path, null));
      var one = new LinearizabilityChecker(1).check(paired, model, Budget.unlimited());
      var many = new LinearizabilityChecker(4).check(paired, model, Budget.unlimited());
      assertThat(one.verdict()).as(file).isEqualTo(many.verdict());
    }
  }
}
