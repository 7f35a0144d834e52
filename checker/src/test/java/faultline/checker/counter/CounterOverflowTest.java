package faultline.checker.counter;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.model.Counter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sums past Long.MAX_VALUE must not wrap into a false "valid" (issue 12, case 2). */
class CounterOverflowTest {
  private static final long MAX = Long.MAX_VALUE;
  private final List<Op> ops = new ArrayList<>();

  private void done(long process, String f, Object in, Object out) {
    ops.add(new Op(ops.size(), ops.size(), Process.client(process), OpType.INVOKE, f, "c0", in, null));
    ops.add(new Op(ops.size(), ops.size(), Process.client(process), OpType.OK, f, "c0", out, null));
  }

  private Verdict linearizable() throws Exception {
    return new LinearizabilityChecker().check(PairedHistory.of(History.of("t", ops)), new Counter(null), Budget.unlimited()).verdict();
  }

  @Test
  void twoMaximalAddsDoNotWrapToMinusTwo() throws Exception {
    done(0, "add", MAX, MAX);
    done(0, "add", MAX, MAX);
    done(1, "read", null, -2L);
    assertThat(linearizable()).isEqualTo(Verdict.INVALID);
    CounterResult bounds = new CounterChecker().check(History.of("t", ops));
    assertThat(bounds.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(bounds.errors().getFirst().explain())
        .contains("returned -2, but 18446744073709551614 had been acknowledged");
  }

  @Test
  void theExactSumBeyondLongIsRead() throws Exception {
    done(0, "add", MAX, MAX);
    done(0, "add", MAX, MAX);
    BigInteger sum = BigInteger.valueOf(MAX).shiftLeft(1);
    done(1, "read", null, sum);
    assertThat(linearizable()).isEqualTo(Verdict.VALID);
    assertThat(new CounterChecker().check(History.of("t", ops)).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void hugeAddsFromTheFileAreAdded() throws Exception {
    BigInteger big = BigInteger.TWO.pow(70);
    done(0, "add", big, big);
    done(0, "add", big.negate(), big.negate());
    done(1, "read", null, 0L);
    assertThat(linearizable()).isEqualTo(Verdict.VALID);
    assertThat(new CounterChecker().check(History.of("t", ops)).verdict()).isEqualTo(Verdict.VALID);
  }
}
