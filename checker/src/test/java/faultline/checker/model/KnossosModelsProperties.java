package faultline.checker.model;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Check;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Histories of a real mutex, FIFO queue and unordered queue under random concurrency: each op
 * takes effect at one moment between its invocation and its completion (a crashed one maybe
 * never), so each history is linearizable by construction; a violation injected at the end must
 * be caught.
 */
class KnossosModelsProperties {

  /** A real object: applies an op's invocation value and returns its result, or FAILED. */
  private interface RealObject {
    Object apply(String f, Object value, Random rnd);

    /**
     * Whether ops of {@code f} take effect only as they complete, and never when they crash: the
     * unordered queue's crashed dequeues, which its model (as Knossos's) takes never to happen.
     */
    default boolean atCompletion(String f) {
      return false;
    }
  }

  private static final Object FAILED = new Object();

  private static final class RealMutex implements RealObject {
    boolean held;

    public Object apply(String f, Object value, Random rnd) {
      if (f.equals("acquire") == held) return FAILED; // acquire a held lock, release a free one: refused
      held = f.equals("acquire");
      return null;
    }
  }

  private static final class RealQueue implements RealObject {
    final boolean fifo;
    final List<Object> items = new ArrayList<>();

    RealQueue(boolean fifo) {
      this.fifo = fifo;
    }

    @Override
    public boolean atCompletion(String f) {
      return !fifo && f.equals("dequeue");
    }

    public Object apply(String f, Object value, Random rnd) {
      if (f.equals("enqueue")) {
        items.add(value);
        return value;
      }
      if (items.isEmpty()) return null;
      return items.remove(fifo ? 0 : rnd.nextInt(items.size()));
    }
  }

  private record InFlight(long process, String f, Object value, boolean[] applied, Object[] result) {}

  /** Runs {@code ops} operations of {@code processes} clients against {@code object}. */
  private static List<Op> simulate(Random rnd, RealObject object, String[] fs, int processes, int ops, double crashRate) {
    List<Op> events = new ArrayList<>();
    List<InFlight> running = new ArrayList<>();
    Deque<Long> idle = new ArrayDeque<>();
    for (long p = 0; p < processes; p++) idle.add(p);
    long nextProcess = processes, nextValue = 1;
    int started = 0;
    while (started < ops || !running.isEmpty()) {
      int choice = rnd.nextInt(3);
      if (choice == 0 && started < ops && !idle.isEmpty()) {
        String f = fs[rnd.nextInt(fs.length)];
        Object value = f.equals("enqueue") ? (Object) (nextValue++) : null;
        InFlight op = new InFlight(idle.poll(), f, value, new boolean[1], new Object[1]);
        running.add(op);
        events.add(event(events, op.process(), OpType.INVOKE, f, value));
        started++;
      } else if (choice == 1 && !running.isEmpty()) {
        InFlight op = running.get(rnd.nextInt(running.size()));
        if (!op.applied()[0] && !object.atCompletion(op.f())) {
          op.result()[0] = object.apply(op.f(), op.value(), rnd);
          op.applied()[0] = true;
        }
      } else if (!running.isEmpty()) {
        InFlight op = running.get(rnd.nextInt(running.size()));
        if (rnd.nextDouble() < crashRate) {
          // Crashed: it may take effect (now) or never; its process is retired.
          if (!op.applied()[0] && !object.atCompletion(op.f()) && rnd.nextBoolean()) object.apply(op.f(), op.value(), rnd);
          events.add(event(events, op.process(), OpType.INFO, op.f(), op.value()));
          running.remove(op);
          idle.add(nextProcess++);
        } else if (op.applied()[0] || object.atCompletion(op.f())) {
          if (!op.applied()[0]) op.result()[0] = object.apply(op.f(), op.value(), rnd);
          boolean failed = op.result()[0] == FAILED;
          Object value = op.f().equals("dequeue") ? op.result()[0] : op.value();
          events.add(event(events, op.process(), failed ? OpType.FAIL : OpType.OK, op.f(), failed ? null : value));
          running.remove(op);
          idle.add(op.process());
        }
      }
    }
    return events;
  }

  private static Op event(List<Op> events, long process, OpType type, String f, Object value) {
    return new Op(events.size(), Op.NO_TIME, Process.client(process), type, f, null, value, null);
  }

  private static History sequentially(List<Op> events, long process, Object[][] ops) {
    List<Op> out = new ArrayList<>(events);
    for (Object[] op : ops) {
      out.add(event(out, process, OpType.INVOKE, (String) op[0], op[0].equals("enqueue") ? op[1] : null));
      out.add(event(out, process, OpType.OK, (String) op[0], op[1]));
    }
    return History.of("simulated", out);
  }

  @Property(tries = 200)
  void historiesOfARealMutexAreValid(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 30) int ops, @ForAll @IntRange(min = 0, max = 20) int crashPercent) {
    var events = simulate(new Random(seed), new RealMutex(), new String[] {"acquire", "release"}, processes, ops, crashPercent / 100.0);
    assertValidOrNothingToCheck(History.of("simulated", events), "mutex", seed);
  }

  @Property(tries = 200)
  void aSecondHolderIsCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 30) int ops) {
    // Without crashes nothing can release the lock between two acquires in a row.
    var events = simulate(new Random(seed), new RealMutex(), new String[] {"acquire", "release"}, processes, ops, 0);
    var h = sequentially(events, 1000, new Object[][] {{"acquire", null}, {"acquire", null}});
    assertThat(Check.verdict(h, "mutex")).as("seed %d", seed).isEqualTo(Verdict.INVALID);
  }

  @Property(tries = 200)
  void historiesOfRealQueuesAreValid(@ForAll long seed, @ForAll boolean fifo, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 30) int ops, @ForAll @IntRange(min = 0, max = 20) int crashPercent) {
    var events = simulate(new Random(seed), new RealQueue(fifo), new String[] {"enqueue", "dequeue"}, processes, ops, crashPercent / 100.0);
    History h = History.of("simulated", events);
    assertValidOrNothingToCheck(h, fifo ? "fifo-queue" : "unordered-queue", seed);
  }

  @Property(tries = 200)
  void aDequeueOfAnElementNobodyEnqueuedIsCaught(@ForAll long seed, @ForAll boolean fifo,
      @ForAll @IntRange(min = 1, max = 4) int processes, @ForAll @IntRange(min = 1, max = 20) int ops,
      @ForAll @IntRange(min = 0, max = 10) int crashPercent) {
    var events = simulate(new Random(seed), new RealQueue(fifo), new String[] {"enqueue", "dequeue"}, processes, ops, crashPercent / 100.0);
    var h = sequentially(events, 1000, new Object[][] {{"dequeue", 999_999L}});
    assertThat(Check.verdict(h, fifo ? "fifo-queue" : "unordered-queue")).as("seed %d", seed).isEqualTo(Verdict.INVALID);
  }

  @Property(tries = 200)
  void aFifoQueueOutOfOrderIsCaught(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int processes,
      @ForAll @IntRange(min = 1, max = 30) int ops) {
    // No crashes; drain what is left, then two enqueues in a row come out in the wrong order.
    RealQueue queue = new RealQueue(true);
    var events = simulate(new Random(seed), queue, new String[] {"enqueue", "dequeue"}, processes, ops, 0);
    List<Object[]> tail = new ArrayList<>();
    for (Object left : queue.items) tail.add(new Object[] {"dequeue", left});
    tail.add(new Object[] {"enqueue", 1_000_001L});
    tail.add(new Object[] {"enqueue", 1_000_002L});
    tail.add(new Object[] {"dequeue", 1_000_002L});
    var h = sequentially(events, 1000, tail.toArray(Object[][]::new));
    assertThat(Check.verdict(h, "fifo-queue")).as("seed %d", seed).isEqualTo(Verdict.INVALID);
    assertThat(Check.verdict(h, "unordered-queue")).as("seed %d", seed).isEqualTo(Verdict.VALID);
  }

  /**
   * Valid, or, when every simulated op crashed or failed, unknown for want of anything to check
   * (no evidence is never "valid"), except when every one failed: nothing took effect, valid.
   */
  private static void assertValidOrNothingToCheck(History h, String model, long seed) {
    var result = Check.linearizable(h, model, null);
    if (result.partitions().isEmpty()) {
      if (result.operations() == 0 && result.failed() > 0) {
        // Every op failed: nothing took effect, valid as Knossos judges it, saying why.
        assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.VALID);
        assertThat(result.reason()).startsWith("nothing took effect");
      } else {
        assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.UNKNOWN);
        assertThat(result.reason()).startsWith(faultline.checker.linear.LinearizabilityChecker.NO_CLIENT_OPERATION);
      }
    } else {
      assertThat(result.verdict()).as("seed %d", seed).isEqualTo(Verdict.VALID);
    }
  }
}
