package faultline.checker.set;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetFullCheckerTest {

  @Test
  void anAcknowledgedElementMissingFromLaterReadsIsLost() {
    var h = history().key("s").at(0)
        .invoke(1, "add", 1L).at(10).ok(1, "add", 1L)
        .at(20).invoke(2, "read", null).at(30).ok(2, "read", List.of(1L))
        .at(40).invoke(2, "read", null).at(50).ok(2, "read", List.of())
        .build();
    SetFullResult r = new SetFullChecker().check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.lost()).extracting(SetFullResult.Element::element).containsExactly(1L);
    assertThat(r.explanations().getFirst()).contains("element 1", "lost");
  }

  @Test
  void anElementOfACrashedAddThatTurnsUpIsRecovered() {
    var h = history().key("s").at(0)
        .invoke(1, "add", 2L).at(10).info(1, "add", 2L)
        .at(20).invoke(2, "read", null).at(30).ok(2, "read", List.of(2L))
        .build();
    SetFullResult r = new SetFullChecker().check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.recovered()).extracting(SetFullResult.Element::element).containsExactly(2L);
    assertThat(r.count(ElementOutcome.STABLE)).isEqualTo(1);
  }

  @Test
  void anElementThatTookTimeToAppearIsStaleWithItsLatency() {
    var h = history().key("s").at(0)
        .invoke(1, "add", 3L).at(1_000_000).ok(1, "add", 3L)
        .at(5_000_000).invoke(2, "read", null).at(6_000_000).ok(2, "read", List.of())
        .at(7_000_000).invoke(2, "read", null).at(8_000_000).ok(2, "read", List.of(3L))
        .build();
    SetFullResult r = new SetFullChecker().check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.count(ElementOutcome.STALE)).isEqualTo(1);
    assertThat(r.latencyQuantile(1.0)).isEqualTo(4_000_000L);
    assertThat(r.toJson()).containsKey("stable-latency-ms");
  }

  @Test
  void unexpectedAndDuplicatedElementsAreInvalidAndUnreadElementsUndecided() {
    var bad = history().key("s")
        .invoke(1, "add", 1L).ok(1, "add", 1L)
        .invoke(2, "read", null).ok(2, "read", List.of(1L, 1L, 9L))
        .build();
    SetFullResult r = new SetFullChecker().check(bad);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.unexpected().get("s")).containsExactly(9L);
    assertThat(r.duplicated().get("s")).containsExactly(1L);

    var unread = history().key("s").invoke(1, "add", 1L).ok(1, "add", 1L).build();
    SetFullResult u = new SetFullChecker().check(unread);
    assertThat(u.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(u.count(ElementOutcome.NEVER_READ)).isEqualTo(1);
  }
}
