package faultline.checker.counter;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CounterCheckerTest {
  private final List<Op> ops = new ArrayList<>();

  private void event(long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ops.size(), Process.client(process), type, f, "c0", value, null));
  }

  private CounterResult check() {
    return new CounterChecker().check(History.of("test", ops));
  }

  @Test
  void nothingToJudgeIsUnknownUnlessEveryOperationFailed() {
    event(0, OpType.INVOKE, "add", 2L);
    event(0, OpType.OK, "add", 2L);
    CounterResult addsOnly = check();
    assertThat(addsOnly.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(addsOnly.reason()).isEqualTo("no successful read among 1 client operations: nothing to check");
    ops.clear();
    event(0, OpType.INVOKE, "add", 2L);
    event(0, OpType.FAIL, "add", 2L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.FAIL, "read", null);
    CounterResult failed = check();
    // Nothing took effect, valid as Knossos judges such histories, saying why.
    assertThat(failed.verdict()).isEqualTo(Verdict.VALID);
    assertThat(failed.reason()).startsWith("nothing took effect: all 2 client operations failed");
    assertThat(failed.toJson()).containsEntry("reason", failed.reason());
  }

  @Test
  void readsWithinBoundsAreValid() {
    event(0, OpType.INVOKE, "add", 2L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.OK, "read", 2L); // the concurrent add may already count
    event(0, OpType.OK, "add", 2L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.OK, "read", 2L);
    assertThat(check().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aReadBelowWhatWasAcknowledgedIsALostUpdate() {
    event(0, OpType.INVOKE, "add", 3L);
    event(1, OpType.INVOKE, "add", 4L);
    event(0, OpType.OK, "add", 3L);
    event(1, OpType.OK, "add", 4L);
    event(2, OpType.INVOKE, "read", null);
    event(2, OpType.OK, "read", 4L);
    CounterResult result = check();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.lostUpdates()).isEqualTo(1);
    assertThat(result.errors().getFirst().explain())
        .isEqualTo("key \"c0\": process 2's read (events 4-5) returned 4, but 7 had been acknowledged before it began: "
            + "increments totalling at least 3 were lost");
  }

  @Test
  void aFailedAddCannotBeRead() {
    event(0, OpType.INVOKE, "add", 5L);
    event(0, OpType.FAIL, "add", 5L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.OK, "read", 5L);
    CounterResult result = check();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.errors().getFirst().lostUpdate()).isFalse();
  }

  @Test
  void anUncertainAddMayOrMayNotBeRead() {
    event(0, OpType.INVOKE, "add", 5L);
    event(0, OpType.INFO, "add", 5L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.OK, "read", 0L);
    event(1, OpType.INVOKE, "read", null);
    event(1, OpType.OK, "read", 5L);
    assertThat(check().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void withoutReadsTheVerdictIsUnknown() {
    event(0, OpType.INVOKE, "add", 1L);
    event(0, OpType.OK, "add", 1L);
    assertThat(check().verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  /** A simulated atomic counter, read and added to by interleaved processes, is always valid. */
  @Property(tries = 200)
  void anAtomicCounterIsValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int processes) {
    ops.clear(); // jqwik runs every try on the same instance
    Random random = new Random(seed);
    long counter = 0;
    Object[] open = new Object[processes]; // per process: null, or {f, value}
    for (int step = 0; step < 60; step++) {
      int p = random.nextInt(processes);
      if (open[p] == null) {
        boolean add = random.nextBoolean();
        long d = 1 + random.nextInt(4);
        event(p, OpType.INVOKE, add ? "add" : "read", add ? d : null);
        open[p] = add ? d : "read";
        if (add) counter += d; // takes effect at some point inside the interval: here
      } else {
        boolean add = open[p] instanceof Long;
        event(p, OpType.OK, add ? "add" : "read", add ? open[p] : counter);
        open[p] = null;
      }
    }
    assertThat(check().verdict()).isNotEqualTo(Verdict.INVALID);
  }
}
