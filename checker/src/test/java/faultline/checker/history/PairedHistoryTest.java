package faultline.checker.history;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PairedHistoryTest {

  @Test
  void touchingIntervalsAreConcurrent() throws Exception {
    Process p0 = Process.client(0), p1 = Process.client(1);
    var p = PairedHistory.of(History.of("t", List.of(
        new Op(0, 5, p1, OpType.INVOKE, "read", null, null, null),
        new Op(1, 10, p1, OpType.OK, "read", null, 1L, null),
        new Op(2, 10, p0, OpType.INVOKE, "write", null, 1L, null),
        new Op(3, 20, p0, OpType.OK, "write", null, 1L, null))));
    Operation read = p.operations().get(0), write = p.operations().get(1);
    assertThat(read.process()).isEqualTo(p1);
    assertThat(read.id()).isZero();
    assertThat(write.id()).isOne();
    // The read completed at the time the write was invoked: closed intervals, so they overlap.
    assertThat(write.call()).isLessThan(read.ret());
  }

  /**
   * Random timed histories (times never go back in the file, many are equal): operations come out
   * numbered densely in the order a plain boxed sort by (time, invocations first, position) gives.
   */
  @Property(tries = 300)
  void operationsAreInRealTimeOrderOfTheirInvocations(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 60) int events)
      throws Exception {
    java.util.Random random = new java.util.Random(seed);
    List<Op> ops = new ArrayList<>();
    boolean[] open = new boolean[4];
    long time = 0;
    for (int i = 0; i < events; i++) {
      int process = random.nextInt(4);
      time += random.nextInt(2); // equal times often: the order within them is what is tested

      OpType type = open[process] ? (random.nextBoolean() ? OpType.OK : OpType.INFO) : OpType.INVOKE;
      open[process] = !open[process];
      ops.add(new Op(i, time, Process.client(process), type, "write", null, (long) i, null));
    }
    List<Integer> invocations = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) if (ops.get(i).type() == OpType.INVOKE) invocations.add(i);
    List<Integer> byTime = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) byTime.add(i);
    byTime.sort(Comparator.<Integer>comparingLong(i -> ops.get(i).time())
        .thenComparingInt(i -> ops.get(i).type() == OpType.INVOKE ? 0 : 1).thenComparingInt(i -> i));
    List<Op> expected = byTime.stream().filter(invocations::contains).map(ops::get).toList();

    var paired = PairedHistory.of(History.of("random", ops));
    assertThat(paired.operations()).extracting(Operation::invocation).containsExactlyElementsOf(expected);
    for (int i = 0; i < paired.operations().size(); i++) {
      Operation o = paired.operations().get(i);
      assertThat(o.id()).isEqualTo(i);
      assertThat(o.call()).isEqualTo(byTime.indexOf((int) o.invocation().index()));
      if (o.completion() != null && o.completion().type() == OpType.OK) {
        assertThat(o.ret()).isEqualTo(byTime.indexOf((int) o.completion().index()));
      }
    }
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Long> seeds() {
    return net.jqwik.api.Arbitraries.longs();
  }

  @Test
  void pairsInvocationsWithCompletions() throws Exception {
    var p = PairedHistory.of(history()
        .invoke(0, "write", 1L).invoke(1, "read", null)
        .ok(1, "read", 1L).info(0, "write", 1L)
        .invoke(2, "write", 2L).fail(2, "write", 2L)
        .invoke(3, "write", 3L).build());
    assertThat(p.operations()).hasSize(3);
    assertThat(p.failed()).isEqualTo(1);
    assertThat(p.crashed()).isEqualTo(2);
    Operation read = p.operations().get(1);
    assertThat(read.output()).isEqualTo(1L);
    assertThat(read.call()).isLessThan(read.ret());
  }

  @Test
  void completionWithoutInvocationNamesItsLine() {
    assertThatThrownBy(() -> PairedHistory.of(history()
            .invoke(0, "write", 1L).ok(0, "write", 1L).ok(0, "write", 1L).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessage("hand-made:3: ok write for process 0, which has no pending invocation");
  }

  @Test
  void secondInvocationWhilePendingIsRefused() {
    assertThatThrownBy(() -> PairedHistory.of(history().invoke(0, "write", 1L).invoke(0, "read", null).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining(":2: process 0 invoked read while its write invoked on line 1 has not completed");
  }

  @Test
  void completionOfAnotherFunctionIsRefused() {
    assertThatThrownBy(() -> PairedHistory.of(history().invoke(0, "write", 1L).ok(0, "read", 1L).build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining(":2: ok read for process 0 completes a different function, write");
  }
}
