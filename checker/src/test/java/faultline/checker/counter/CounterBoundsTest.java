package faultline.checker.counter;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import org.junit.jupiter.api.Test;

/** The counter's upper bound and reads that need a crashed add. */
class CounterBoundsTest {

  @Test
  void aReadAboveItsUpperBoundCountsWhatNobodyAdded() {
    var h = history().key("c")
        .invoke(1, "add", 1L).ok(1, "add", 1L)
        .invoke(2, "read", null).ok(2, "read", 5L)
        .build();
    CounterResult r = new CounterChecker().check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    CounterError e = r.errors().getFirst();
    assertThat(e.lower()).isEqualTo(java.math.BigInteger.ONE);
    assertThat(e.upper()).isEqualTo(java.math.BigInteger.ONE);
    assertThat(e.lostUpdate()).isFalse();
    assertThat(e.explain()).contains("returned 5", "at most 1", "4 counted that nobody added");
  }

  @Test
  void aReadThatOnlyFitsIfACrashedAddTookEffectIsCountedNotRejected() {
    var h = history().key("c")
        .invoke(1, "add", 1L).ok(1, "add", 1L)
        .invoke(3, "add", 10L).info(3, "add", 10L)
        .invoke(2, "read", null).ok(2, "read", 11L)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    CounterResult r = new CounterChecker().check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.crashDependentReads()).isEqualTo(1);
    assertThat(r.toJson()).containsEntry("reads-needing-crashed-adds", 1);
  }
}
