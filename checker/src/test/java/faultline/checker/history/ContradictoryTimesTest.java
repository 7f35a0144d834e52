package faultline.checker.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The file's order is the order of events, as Jepsen, Knossos and Elle read it: times never
 * reorder it, and times that go back get a warning; indices that do not
 * increase and a completion timed before its own invocation are bad input.
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
  void timesThatGoBackFollowTheFileWithAWarning() throws Exception {
    // By the file the read follows the write's completion; by the times it
    // would overlap it. The file decides, as Knossos and Elle read it; the times get a warning.
    event(0, 10, 0, OpType.INVOKE, "write", 1L).event(1, 20, 0, OpType.OK, "write", 1L)
        .event(2, 15, 1, OpType.INVOKE, "read", null).event(3, 30, 1, OpType.OK, "read", 1L);
    PairedHistory p = pair();
    Operation write = p.operations().get(0), read = p.operations().get(1);
    assertThat(write.ret()).isLessThan(read.call());
    assertThat(RealTime.wentBack(History.of("h", ops)))
        .isEqualTo("h:3: warning: time 15 is earlier than time 20 on line 2; the file's order is taken as real time, as Knossos and Elle take it, and times are only shown");
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
   * Random histories, times going back anywhere: operations come out in the file's order whatever
   * the times, exactly as the same history without times; the warning names the first event whose
   * time goes back, and there is one exactly when some time goes back.
   */
  @net.jqwik.api.Property(tries = 300)
  void timesNeverReorderTheFile(@net.jqwik.api.ForAll long seed,
      @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 40) int events) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    ops.clear(); // jqwik keeps one instance for every try
    List<Op> untimed = new ArrayList<>();
    boolean[] open = new boolean[3];
    long[] invokedAt = new long[3];
    long firstBack = -1, maxSoFar = Long.MIN_VALUE;
    for (int i = 0; i < events; i++) {
      int process = random.nextInt(3);
      // Distinct times (no ties to refine), some going back, but no completion before its invocation.
      long time = 1000L * i + random.nextInt(5) * 1000L - 2000L + i;
      if (open[process]) time = Math.max(time, invokedAt[process] + 1);
      if (time < maxSoFar && firstBack < 0) firstBack = i;
      if (!open[process]) invokedAt[process] = time;
      maxSoFar = Math.max(maxSoFar, time);
      event(i, time, process, open[process] ? OpType.OK : OpType.INVOKE, "write", (long) i);
      Op o = ops.getLast();
      untimed.add(new Op(o.index(), Op.NO_TIME, o.process(), o.type(), o.f(), o.key(), o.value(), o.error()));
      open[process] = !open[process];
    }
    var timed = pair().operations();
    var plain = PairedHistory.of(History.of("h", untimed)).operations();
    assertThat(timed.stream().map(op -> List.of(op.call(), op.ret(), op.invocation().index())).toList())
        .isEqualTo(plain.stream().map(op -> List.of(op.call(), op.ret(), op.invocation().index())).toList());
    String warning = RealTime.wentBack(History.of("h", ops));
    if (firstBack < 0) assertThat(warning).isNull();
    else assertThat(warning).startsWith("h:" + (firstBack + 1) + ": warning: time ");
  }
}
