package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.model.ModelKind;
import faultline.checker.model.Models;
import faultline.workloads.CheckOptions;
import faultline.workloads.Workloads;
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
}
