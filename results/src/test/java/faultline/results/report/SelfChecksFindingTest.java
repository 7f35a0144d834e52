package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's harness findings lead its reports, and its own verdict is the headline. */
class SelfChecksFindingTest {
  private static final Map<String, Object> COUNTER_INVALID = Map.of("checker", "counter", "valid", false, "summary", "read 0 after 875 ok adds");

  @Test
  void aHarnessSuspectRunIsHeadedUnknownWithItsReasonFirst() {
    Map<String, Object> results = Map.of("valid", "unknown", "checkers-valid", false,
        "harness", List.of(Map.of("kind", "harness-suspect", "reason", "counter's witness (events 4-5) lies where stop-kill failed")),
        "checkers", List.of(COUNTER_INVALID));
    List<Finding> findings = Findings.of(results);
    assertThat(findings.get(0).name()).isEqualTo(Finding.SELF_CHECKS);
    assertThat(findings.get(0).summary()).startsWith("HARNESS-SUSPECT: counter's witness").endsWith("(the checkers said INVALID)");
    // Before: the checkers' INVALID was the headline, as if the database had lost increments.
    assertThat(Finding.overall(findings)).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void withoutHarnessFindingsTheCheckersDecide() {
    List<Finding> findings = Findings.of(Map.of("valid", false, "checkers", List.of(COUNTER_INVALID)));
    assertThat(findings).extracting(Finding::name).doesNotContain(Finding.SELF_CHECKS);
    assertThat(Finding.overall(findings)).isEqualTo(Verdict.INVALID);
  }
}
