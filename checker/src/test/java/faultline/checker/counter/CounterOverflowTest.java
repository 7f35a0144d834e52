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

/** Sums past Long.MAX_VALUE must not wrap into a false "valid". */
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

  /**
   * One process adding values near the ends of a long, then reading: the exact sum is always
   * accepted, and the sum wrapped to 64 bits (when it differs) always refused, by both checkers.
   */
  @net.jqwik.api.Property(tries = 200)
  void theExactSumIsReadAndTheWrappedOneIsNot(@net.jqwik.api.ForAll("nearTheEnds") List<Long> adds) throws Exception {
    ops.clear(); // jqwik keeps one instance for every try
    BigInteger exact = BigInteger.ZERO;
    long wrapped = 0;
    for (long d : adds) {
      done(0, "add", d, d);
      exact = exact.add(BigInteger.valueOf(d));
      wrapped += d;
    }
    int prefix = ops.size();
    done(1, "read", null, exact.bitLength() < 64 ? (Object) exact.longValue() : exact);
    assertThat(linearizable()).isEqualTo(Verdict.VALID);
    assertThat(new CounterChecker().check(History.of("t", ops)).verdict()).isEqualTo(Verdict.VALID);
    if (BigInteger.valueOf(wrapped).equals(exact)) return;
    ops.subList(prefix, ops.size()).clear();
    done(1, "read", null, wrapped);
    assertThat(linearizable()).isEqualTo(Verdict.INVALID);
    assertThat(new CounterChecker().check(History.of("t", ops)).verdict()).isEqualTo(Verdict.INVALID);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<Long>> nearTheEnds() {
    return net.jqwik.api.Arbitraries.oneOf(
            net.jqwik.api.Arbitraries.longs().between(MAX - 1000, MAX),
            net.jqwik.api.Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE + 1000),
            net.jqwik.api.Arbitraries.longs().between(-1000, 1000))
        .list().ofMinSize(1).ofMaxSize(6);
  }
}
