package faultline.checker;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Histories made by running a real register (with cas) under random concurrency: each op takes
 * effect at one random moment between its invocation and completion, so every history it makes is
 * linearizable by construction. Some ops crash: they complete {@code info} and take effect before,
 * later, or never, and their process is retired. Written values are unique per key, which makes
 * "a value no order explains" easy to inject.
 */
public final class SimulatedHistories {
  private SimulatedHistories() {}

  /** The events of one key, in the order they happened. */
  public record KeyHistory(Object key, List<Op> events) {}

  public static List<KeyHistory> simulate(Random rnd, int keys, int processes, int opsPerKey, double crashRate, boolean cas) {
    List<KeyHistory> out = new ArrayList<>();
    for (int k = 0; k < keys; k++) out.add(simulateKey(rnd, "k" + k, k * 10_000L, processes, opsPerKey, crashRate, cas));
    return out;
  }

  private static final class InFlight {
    long process;
    String f;
    Object value; // invocation value
    boolean applied;
    Object result; // read result, or cas outcome
    boolean failed; // a cas whose from did not match
  }

  private static KeyHistory simulateKey(Random rnd, Object key, long firstProcess, int processes, int ops, double crashRate, boolean cas) {
    List<Op> events = new ArrayList<>();
    InFlight[] slots = new InFlight[processes];
    long[] processOf = new long[processes];
    for (int i = 0; i < processes; i++) processOf[i] = firstProcess + i;
    long nextProcess = firstProcess + processes;
    List<InFlight> zombies = new ArrayList<>();
    Object[] state = {null};
    long nextValue = 1;
    List<Long> written = new ArrayList<>();
    int issued = 0;

    while (issued < ops || Arrays.stream(slots).anyMatch(Objects::nonNull)) {
      int action = rnd.nextInt(5);
      int slot = rnd.nextInt(processes);
      InFlight op = slots[slot];
      if (action == 0 && op == null && issued < ops) {
        InFlight n = new InFlight();
        n.process = processOf[slot];
        int kind = rnd.nextInt(cas ? 3 : 2);
        if (kind == 0) {
          n.f = "read";
        } else if (kind == 1) {
          n.f = "write";
          n.value = nextValue++;
        } else {
          n.f = "cas";
          Object from = written.isEmpty() || rnd.nextInt(3) == 0 ? state[0] : written.get(rnd.nextInt(written.size()));
          n.value = Arrays.asList(from, nextValue++);
        }
        if (!n.f.equals("read")) written.add(n.f.equals("write") ? (Long) n.value : (Long) ((List<?>) n.value).get(1));
        slots[slot] = n;
        issued++;
        events.add(event(n.process, OpType.INVOKE, n.f, key, n.value));
      } else if (action == 1 && op != null && !op.applied) {
        apply(op, state);
      } else if (action == 2 && op != null && op.applied) {
        OpType type = op.failed ? OpType.FAIL : OpType.OK;
        events.add(event(op.process, type, op.f, key, op.f.equals("read") ? op.result : op.value));
        slots[slot] = null;
      } else if (action == 3 && op != null && rnd.nextDouble() < crashRate * 5) {
        events.add(event(op.process, OpType.INFO, op.f, key, op.value));
        if (!op.applied) zombies.add(op);
        slots[slot] = null;
        processOf[slot] = nextProcess++; // a crashed process is never reused
      } else if (action == 4 && !zombies.isEmpty()) {
        InFlight z = zombies.remove(rnd.nextInt(zombies.size()));
        if (rnd.nextBoolean()) apply(z, state); // else: it never takes effect
      }
    }
    for (InFlight z : zombies) if (rnd.nextBoolean()) apply(z, state);
    return new KeyHistory(key, events);
  }

  private static void apply(InFlight op, Object[] state) {
    switch (op.f) {
      case "read" -> op.result = state[0];
      case "write" -> state[0] = op.value;
      case "cas" -> {
        List<?> fromTo = (List<?>) op.value;
        if (Objects.equals(state[0], fromTo.get(0))) state[0] = fromTo.get(1);
        else op.failed = true;
      }
      default -> throw new AssertionError(op.f);
    }
    op.applied = true;
  }

  private static Op event(long process, OpType type, String f, Object key, Object value) {
    return new Op(0, Op.NO_TIME, Process.client(process), type, f, key, value, null);
  }

  /** Interleaves the keys' events at random, keeping each key's order; numbers the result. */
  public static History merge(List<KeyHistory> keys, Random rnd) {
    List<Op> out = new ArrayList<>();
    int[] next = new int[keys.size()];
    int remaining = keys.stream().mapToInt(k -> k.events().size()).sum();
    while (remaining > 0) {
      int k = rnd.nextInt(keys.size());
      if (next[k] == keys.get(k).events().size()) continue;
      out.add(keys.get(k).events().get(next[k]++).withIndex(out.size()));
      remaining--;
    }
    return History.of("simulated", out);
  }

  /**
   * Changes one completed read of one key to a value no order can explain: one whose only write
   * was invoked after the read returned, or else one never written. Returns false when the key
   * has no completed read.
   */
  public static boolean injectImpossibleRead(KeyHistory key, Random rnd) {
    List<Op> events = key.events();
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Op e = events.get(i);
      if (e.type() == OpType.OK && e.f().equals("read")) reads.add(i);
    }
    if (reads.isEmpty()) return false;
    int at = reads.get(rnd.nextInt(reads.size()));
    List<Long> future = new ArrayList<>();
    for (int i = at + 1; i < events.size(); i++) {
      Op e = events.get(i);
      if (e.type() != OpType.INVOKE) continue;
      if (e.f().equals("write")) future.add((Long) e.value());
      if (e.f().equals("cas")) future.add((Long) ((List<?>) e.value()).get(1));
    }
    Object impossible = future.isEmpty() || rnd.nextBoolean() ? (Object) (-1L - rnd.nextInt(1000)) : future.get(rnd.nextInt(future.size()));
    Op read = events.get(at);
    events.set(at, new Op(read.index(), read.time(), read.process(), read.type(), read.f(), read.key(), impossible, null));
    return true;
  }
}
