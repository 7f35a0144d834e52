package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.model.ModelKind;
import faultline.checker.model.Models;
import faultline.workloads.CheckOptions;
import faultline.workloads.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each model of the registry that names checkers rather than a search model is a workload's:
 * the workload of that name composes the very same checkers in a run (names, order, classes and
 * settings: a jobs checker's promise and hold, a session's clock slack), so that {@code faultline
 * check} of a run's history judges it as the run did.
 */
class WorkloadChecksAreTheModelsTest {

  @Test
  void aModelThatNamesCheckersHasThemFromItsWorkload() {
    List<ModelKind> judgedByCheckers = Models.ALL.stream().filter(k -> !k.searched()).toList();
    assertThat(judgedByCheckers).extracting(ModelKind::name).containsExactly("lock", "fenced-lock", "leaderboard", "jobs", "session");
    for (ModelKind kind : judgedByCheckers) {
      var ran = Workloads.byName(kind.name(), false).checkers(new CheckOptions("cas-register", Duration.ofSeconds(1)));
      assertThat(kind.checkers().keySet()).as(kind.name()).containsExactlyElementsOf(ran.keySet());
      for (var e : ran.entrySet()) {
        assertThat(kind.checkers().get(e.getKey())).as(kind.name() + " " + e.getKey())
            .isExactlyInstanceOf(e.getValue().getClass())
            .usingRecursiveComparison().isEqualTo(e.getValue());
      }
    }
  }

  /** {@code faultline check} prints such a history's verdict, then each checker's, as a run's summary lists them. */
  @Test
  void checkPrintsEachCheckerOfTheWorkload() {
    CheckCommandTest.Run r = CheckCommandTest.run("check", "--quiet", Path.of("..", "examples", "lock-client-pause.jsonl").toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches(".*lock-client-pause\\.jsonl: lock \\(guessed\\) INVALID \\(2 checkers: mutex INVALID, resource INVALID, [0-9.]+ ms\\)");
    assertThat(lines.get(1)).startsWith("  mutex: INVALID (2 acquires over 1 locks");
    assertThat(lines.get(2)).startsWith("    lock \"l0\": process 0 (events 0-1 at 1.002 s, lease 1000 ms) acquired it, and process 1");
    assertThat(lines.get(3)).startsWith("  resource: INVALID (protected counter:");
    assertThat(lines.get(4)).isEqualTo("    key \"l0\": process 2's read (events 16-17) returned 1, but 2 had been acknowledged before it began: "
        + "increments totalling at least 1 were lost");
    CheckCommandTest.Run valid = CheckCommandTest.run("check", "--quiet", "--model", "fenced-lock",
        Path.of("..", "examples", "fenced-lock-stale-write-refused.jsonl").toString());
    assertThat(valid.code()).isEqualTo(ExitCode.VALID);
    assertThat(valid.out()).contains(": fenced-lock valid (2 checkers: resource valid, fencing valid, ")
        .contains("  fencing: valid (1 fenced writes accepted, 1 refused as stale;");
  }
}
