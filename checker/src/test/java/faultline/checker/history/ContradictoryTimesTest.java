package faultline.checker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Times and indices that contradict themselves are bad input, never silently reordered: the
 * file's order is the order of events, as Jepsen, Knossos and Elle read it (issue 12, case 3).
 */
class ContradictoryTimesTest {
  private final List<Op> ops = new ArrayList<>();

  private ContradictoryTimesTest event(long index, long time, long process, OpType type, String f, Object value) {
    ops.add(new Op(index, time, Process.client(process), type, f, null, value, null));
    return this;
  }

  private PairedHistory pair() throws MalformedHistoryException {
    return PairedHistory.of(History.of("h", ops));
  }

  @Test
  void aCompletionBeforeItsOwnInvocationIsRefused() {
    event(0, 10, 0, OpType.INVOKE, "write", 1L).event(1, 4, 0, OpType.OK, "write", 1L);
    assertThatThrownBy(this::pair).isInstanceOf(MalformedHistoryException.class)
        .hasMessage("h:2: ok write of process 0 at time 4 is earlier than its own invocation at time 10 (line 1)");
  }

  @Test
  void timesThatGoBackInTheFileAreRefused() {
    event(0, 10, 0, OpType.INVOKE, "write", 1L).event(1, 20, 0, OpType.OK, "write", 1L)
        .event(2, 15, 1, OpType.INVOKE, "read", null).event(3, 30, 1, OpType.OK, "read", 1L);
    assertThatThrownBy(this::pair).isInstanceOf(MalformedHistoryException.class)
        .hasMessage("h:3: time 15 is earlier than time 20 on line 2: times must not go back in the file's order");
  }

  @Test
  void equalTimesAreConcurrentNotContradictory() throws Exception {
    event(0, 5, 1, OpType.INVOKE, "read", null).event(1, 10, 1, OpType.OK, "read", 1L)
        .event(2, 10, 0, OpType.INVOKE, "write", 1L).event(3, 20, 0, OpType.OK, "write", 1L);
    PairedHistory p = pair();
    Operation read = p.operations().get(0), write = p.operations().get(1);
    assertThat(write.call()).isLessThan(read.ret());
  }

  @Test
  void duplicateOrDescendingIndicesAreRefused() {
    event(0, 1, 0, OpType.INVOKE, "write", 1L).event(0, 2, 0, OpType.OK, "write", 1L);
    assertThatThrownBy(this::pair).isInstanceOf(MalformedHistoryException.class)
        .hasMessage("h:2: index 0 does not follow index 0 on line 1: indices must increase through the file");
    ops.clear();
    event(3, Op.NO_TIME, 0, OpType.INVOKE, "write", 1L).event(2, Op.NO_TIME, 0, OpType.OK, "write", 1L);
    assertThatThrownBy(this::pair).isInstanceOf(MalformedHistoryException.class)
        .hasMessage("h:2: index 2 does not follow index 3 on line 1: indices must increase through the file");
  }

  @Test
  void gapsInIndicesAreFine() throws Exception {
    event(3, Op.NO_TIME, 0, OpType.INVOKE, "write", 1L).event(17, Op.NO_TIME, 0, OpType.OK, "write", 1L);
    assertThat(pair().operations()).hasSize(1);
  }

  /**
   * Random histories whose times never go back are accepted; moving any one event's time before
   * the time of an earlier event gets it refused, naming its line, whichever event it is.
   */
  @net.jqwik.api.Property(tries = 300)
  void anyTimeGoingBackIsRefusedWithItsLine(@net.jqwik.api.ForAll long seed,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 40) int events) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    ops.clear(); // jqwik keeps one instance for every try
    boolean[] open = new boolean[3];
    long time = 0;
    for (int i = 0; i < events; i++) {
      int process = random.nextInt(3);
      time += random.nextInt(3);
      event(i, time, process, open[process] ? OpType.OK : OpType.INVOKE, "write", (long) i);
      open[process] = !open[process];
    }
    pair(); // accepted as written
    int moved = 1 + random.nextInt(events - 1);
    long earlierMax = ops.subList(0, moved).stream().mapToLong(Op::time).max().orElseThrow();
    Op o = ops.get(moved);
    ops.set(moved, new Op(o.index(), earlierMax - 1 - random.nextInt(5), o.process(), o.type(), o.f(), o.key(), o.value(), o.error()));
    assertThatThrownBy(this::pair).isInstanceOf(MalformedHistoryException.class).hasMessageStartingWith("h:" + (moved + 1) + ": ");
  }
}
