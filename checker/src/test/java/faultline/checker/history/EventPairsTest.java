package faultline.checker.history;

import static faultline.checker.Histories.history;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The one pairing: hand-made histories with known pairs, and both walks against the definition. */
class EventPairsTest {

  /** What a walk told, one line per event: "i<-s" invoked (s: still open, or -1), "c<-i" completed. */
  private static List<String> pairs(History history, boolean clientsOnly) {
    List<String> told = new ArrayList<>();
    EventPairs.Visitor<Integer, RuntimeException> visitor = new EventPairs.Visitor<>() {
      @Override
      public Integer invoked(int position, Op invocation, Integer stillOpen) {
        told.add(position + " invoked, open " + (stillOpen == null ? -1 : stillOpen));
        return position;
      }

      @Override
      public void completed(int position, Op completion, Integer invocation) {
        told.add(position + " completes " + (invocation == null ? -1 : invocation));
      }
    };
    List<Integer> never = clientsOnly ? EventPairs.clients(history, visitor) : EventPairs.all(history, visitor);
    told.add("never completed " + never);
    return told;
  }

  @Test
  void aCompletionCompletesWhatItsProcessHasOpen() {
    History h = history()
        .invoke(0, "write", 1L) // 0
        .invoke(1, "read", null) // 1
        .nemesis(OpType.INVOKE, "start-partition", null) // 2
        .ok(1, "read", 1L) // 3
        .info(0, "write", 1L) // 4
        .nemesis(OpType.INFO, "start-partition", null) // 5
        .build();
    assertThat(pairs(h, true)).containsExactly("0 invoked, open -1", "1 invoked, open -1", "3 completes 1", "4 completes 0", "never completed []");
    assertThat(pairs(h, false)).containsExactly("0 invoked, open -1", "1 invoked, open -1", "2 invoked, open -1", "3 completes 1",
        "4 completes 0", "5 completes 2", "never completed []");
  }

  @Test
  void whatAMalformedHistoryHoldsIsToldNotGuessed() {
    History h = history()
        .ok(0, "read", null) // 0: completes nothing
        .invoke(1, "write", 1L) // 1
        .invoke(0, "write", 2L) // 2
        .invoke(1, "write", 3L) // 3: process 1 still has 1 open
        .ok(1, "write", 3L) // 4: completes the later one
        .invoke(1, "write", 4L) // 5
        .build();
    // Never completed, in file order of invocation: 2 before 5, though process 1 appeared first.
    assertThat(pairs(h, true)).containsExactly("0 completes -1", "1 invoked, open -1", "2 invoked, open -1", "3 invoked, open 1",
        "4 completes 3", "5 invoked, open -1", "never completed [2, 5]");
  }

  @Test
  void theWalkByPositionTakesAnyProcessNumberAndSkipsWhatItIsTold() {
    // Processes 1000 and 70 (past the walk's first array), and a skipped event between.
    int[] process = {1000, 70, EventPairs.SKIPPED, 1000, 70};
    boolean[] invokes = {true, true, false, false, true};
    List<String> told = new ArrayList<>();
    int[] never = EventPairs.walk(events(process, invokes), recorder(told));
    assertThat(told).containsExactly("0 invoked, open -1", "1 invoked, open -1", "3 completes 0", "4 invoked, open 1");
    assertThat(never).containsExactly(4);
  }

  /**
   * Random events of a few processes, the nemesis among them, well formed or not: both walks tell
   * what the definition says, an event's partner being its process's last event before it when that
   * is an invocation, and an invocation never completed being the last event of its process.
   */
  @Property(tries = 300)
  void bothWalksPairAsTheDefinitionSays(@ForAll long seed, @ForAll @IntRange(min = 0, max = 60) int size, @ForAll boolean clientsOnly) {
    Random random = new Random(seed);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int p = random.nextInt(5);
      Process process = p == 4 ? Process.NEMESIS : Process.client(p);
      OpType type = random.nextInt(3) == 0 ? OpType.values()[random.nextInt(OpType.values().length)] : random.nextBoolean() ? OpType.INVOKE : OpType.OK;
      ops.add(new Op(i, Op.NO_TIME, process, type, "write", null, (long) i, null));
    }
    History h = History.of("random", ops);

    List<String> expected = new ArrayList<>();
    List<Integer> never = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Op op = ops.get(i);
      if (clientsOnly && !op.process().isClient()) continue;
      int last = i - 1;
      while (last >= 0 && !ops.get(last).process().equals(op.process())) last--;
      int partner = last >= 0 && ops.get(last).type() == OpType.INVOKE ? last : -1;
      expected.add(op.type() == OpType.INVOKE ? i + " invoked, open " + partner : i + " completes " + partner);
      int next = i + 1;
      while (next < size && !ops.get(next).process().equals(op.process())) next++;
      if (op.type() == OpType.INVOKE && next == size) never.add(i);
    }
    expected.add("never completed " + never);
    assertThat(pairs(h, clientsOnly)).containsExactlyElementsOf(expected);

    // The same events as a reader with flat arrays has them.
    int[] process = new int[size];
    boolean[] invokes = new boolean[size];
    for (int i = 0; i < size; i++) {
      Op op = ops.get(i);
      process[i] = !op.process().isClient() ? (clientsOnly ? EventPairs.SKIPPED : 4) : (int) ((Process.Client) op.process()).id();
      invokes[i] = op.type() == OpType.INVOKE;
    }
    List<String> told = new ArrayList<>();
    int[] neverByPosition = EventPairs.walk(events(process, invokes), recorder(told));
    told.add("never completed " + java.util.Arrays.stream(neverByPosition).boxed().toList());
    assertThat(told).containsExactlyElementsOf(expected);
  }

  private static EventPairs.Events events(int[] process, boolean[] invokes) {
    return new EventPairs.Events() {
      @Override
      public int size() {
        return process.length;
      }

      @Override
      public int process(int position) {
        return process[position];
      }

      @Override
      public boolean invokes(int position) {
        return invokes[position];
      }
    };
  }

  private static EventPairs.Positions<RuntimeException> recorder(List<String> told) {
    return new EventPairs.Positions<>() {
      @Override
      public void invoked(int position, int stillOpen) {
        told.add(position + " invoked, open " + stillOpen);
      }

      @Override
      public void completed(int position, int invocation) {
        told.add(position + " completes " + invocation);
      }
    };
  }
}
