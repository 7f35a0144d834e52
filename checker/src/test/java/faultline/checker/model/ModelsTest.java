package faultline.checker.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.consistency.RegisterModels;
import faultline.checker.history.NilReads;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** The model registry: each model declared once, and the questions asked of a model answered from it. */
class ModelsTest {

  @Test
  void everyModelMakesItselfUnderItsOwnName() {
    for (ModelKind kind : Models.ALL) {
      assertThat(kind.description()).isNotBlank();
      if (!kind.searched()) continue;
      // set-full is the set, to the search; it differs in the checker the command line runs instead.
      assertThat(kind.make(null).name()).isEqualTo(kind == Models.SET_FULL_KIND ? "set" : kind.name());
      assertThat(kind.checkers()).isEmpty();
    }
    assertThat(new HashSet<>(Models.NAMES)).hasSameSizeAs(Models.NAMES);
  }

  /** The workloads judged by checkers of their own are entries too, each with fresh checkers at every call. */
  @Test
  void aWorkloadsEntryNamesItsCheckers() {
    assertThat(Models.ALL.stream().filter(k -> !k.searched()).map(ModelKind::name))
        .containsExactly("lock", "fenced-lock", "leaderboard", "jobs", "session");
    assertThat(Models.LOCK.checkers()).containsOnlyKeys("mutex", "resource");
    assertThat(Models.FENCED_LOCK.checkers().keySet()).containsExactly("resource", "fencing");
    assertThat(Models.LEADERBOARD.checkers().keySet()).containsExactly("member-scores", "top-k");
    assertThat(Models.JOBS.checkers().keySet()).containsExactly("jobs");
    assertThat(Models.SESSION.checkers().keySet()).containsExactly("expiring-register");
    assertThat(Models.LOCK.checkers().get("mutex")).isNotSameAs(Models.LOCK.checkers().get("mutex"));
    assertThatThrownBy(() -> ModelKind.named("x").shows("y").build()).hasMessage("x: either make(...) or judgedBy(...), not both");
  }

  /**
   * "Is this a register model?" is two questions, and the registry declares both: whose nil reads
   * may mean "unknown" (Knossos's register, cas-register and multi-register), and whose ops read
   * and write whole values, so the weaker models apply (register, cas-register, kv). The places
   * that ask them give the registry's answers.
   */
  @Test
  void theRegisterQuestionsAreAnsweredByTheRegistry() {
    for (ModelKind kind : Models.ALL) {
      assertThat(NilReads.matters(kind.name())).as(kind.name()).isEqualTo(kind.nilReads());
      assertThat(RegisterModels.applies(kind.name())).as(kind.name()).isEqualTo(kind.wholeValues());
    }
    assertThat(Models.ALL.stream().filter(ModelKind::nilReads).map(ModelKind::name)).containsExactly("register", "cas-register", "multi-register");
    assertThat(Models.ALL.stream().filter(ModelKind::wholeValues).map(ModelKind::name)).containsExactly("register", "cas-register", "kv");
  }

  @Test
  void anUnknownModelGetsTheNearest() {
    assertThatThrownBy(() -> Models.byName("cas-regsiter", null)).hasMessage("unknown model 'cas-regsiter'; did you mean cas-register?");
  }
}
