package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.consistency.RegisterModels;
import faultline.checker.consistency.ConsistencyModels;
import faultline.results.report.ModelLattice.Mark;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLatticeTest {
  private static List<String> marked(ModelLattice.Lattice lattice, Mark mark) {
    return lattice.marks().entrySet().stream().filter(e -> e.getValue() == mark).map(Map.Entry::getKey).toList();
  }

  @Test
  void aG2ItemRulesOutRepeatableReadAndTheSerializablesAndLeavesStrongSnapshotIsolationTheStrongest() {
    // A list-append checker's entry with a G2-item and no per-model verdicts beyond serializable's.
    Map<String, Object> checker = new LinkedHashMap<>();
    checker.put("checker", "list-append");
    checker.put("anomaly-types", List.of("G2-item"));
    checker.put("models", Map.of("serializable", Map.of("valid", false)));
    ModelLattice.Lattice lattice = ModelLattice.of(Map.of("valid", false, "checkers", List.of(checker)));

    assertThat(lattice.marks().keySet()).containsExactlyElementsOf(ConsistencyModels.names(ConsistencyModels.Family.TRANSACTIONAL)); // the whole lattice
    assertThat(marked(lattice, Mark.RULED_OUT)).containsExactlyInAnyOrder("strict-serializable", "strong-session-serializable",
        "serializable", "repeatable-read");
    assertThat(marked(lattice, Mark.STRONGEST_POSSIBLE)).containsExactly("strong-snapshot-isolation");
    List<String> possible = new ArrayList<>(ConsistencyModels.names(ConsistencyModels.Family.TRANSACTIONAL));
    possible.removeAll(ConsistencyModels.ruledOut(List.of("G2-item")));
    assertThat(marked(lattice, Mark.STRONGEST_POSSIBLE)).isEqualTo(ConsistencyModels.strongest(possible)); // the checker's own answer
    // Arrows only between a model and the weaker ones it implies with none between.
    assertThat(lattice.implies().get("serializable")).containsExactlyInAnyOrder("repeatable-read", "snapshot-isolation");
    assertThat(lattice.implies().get("strict-serializable")).doesNotContain("serializable", "read-uncommitted");

    String html = ModelLattice.html(Map.of("valid", false, "checkers", List.of(checker)));
    assertThat(html).contains("<g class=\"model ruled-out\" data-model=\"repeatable-read\">",
        "<g class=\"model strongest\" data-model=\"strong-snapshot-isolation\">", "<g class=\"model possible\" data-model=\"read-committed\">");
  }

  @Test
  void aStaleReadRulesOutLinearizableAndLeavesSequentialTheStrongest() {
    Map<String, Object> models = new LinkedHashMap<>();
    for (String m : RegisterModels.NAMES) models.put(m, Map.of("valid", true));
    models.put("linearizable", Map.of("valid", false));
    models.put("convergence", Map.of("valid", "unknown"));
    Map<String, Object> results = Map.of("valid", false, "checkers", List.of(Map.of("checker", "linearizable", "valid", false, "models", models)));
    ModelLattice.Lattice lattice = ModelLattice.of(results);

    assertThat(lattice.marks()).containsEntry("linearizable", Mark.RULED_OUT).containsEntry("sequential", Mark.STRONGEST_POSSIBLE)
        .containsEntry("convergence", Mark.UNKNOWN).containsEntry("read-your-writes", Mark.POSSIBLE);
    String svg = ModelLattice.html(results);
    assertThat(svg.split("<line ", -1)).hasSize(1 + 2 + 4); // linearizable to 2 models, sequential to the 4 session guarantees
    assertThat(svg).contains("<g class=\"model strongest\" data-model=\"sequential\">");
  }

  @Test
  void aModelNameFromResultsIsEscaped() {
    Map<String, Object> results = Map.of("valid", false, "models", Map.of("<script>x</script>", Map.of("valid", false)));
    String html = ModelLattice.html(results);
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;");
  }

  @Test
  void noModelsNoPicture() {
    assertThat(ModelLattice.html(Map.of("valid", true, "checkers", List.of(Map.of("checker", "bank", "valid", true))))).isEmpty();
  }
}
