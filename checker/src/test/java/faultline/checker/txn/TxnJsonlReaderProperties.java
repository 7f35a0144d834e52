package faultline.checker.txn;

import static faultline.checker.txn.FastAndGeneralReading.sameBothWays;
import static faultline.checker.txn.FastAndGeneralReading.write;

import faultline.checker.format.JsonlHistoryWriter;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast reader and the general one agree on simulated histories of every store, with crashed
 * and failed transactions, injected anomalies, nemesis events and keys that are names, the fast
 * reader cutting the file into slices read at once as it does big files, and reading each through
 * a buffer smaller than a line or than the file.
 */
class TxnJsonlReaderProperties {

  @Property(tries = 250)
  void theFastAndTheGeneralReadingGiveTheSameResult(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int processes,
      @ForAll @IntRange(min = 1, max = 120) int txns,
      @ForAll @IntRange(min = 1, max = 6) int keys,
      @ForAll @IntRange(min = 0, max = 2) int store,
      @ForAll @IntRange(min = 0, max = 20) int crashPercent,
      @ForAll @IntRange(min = 0, max = 3) int injections,
      @ForAll @IntRange(min = 0, max = 4) int faults,
      @ForAll boolean namedKeys,
      @ForAll @IntRange(min = 1, max = 4) int slices,
      @ForAll @IntRange(min = 1, max = 4096) int chunkBytes) throws Exception {
    Random rnd = new Random(seed);
    var sim = TxnSimulation.simulate(rnd, TxnSimulation.Store.values()[store], processes, txns, keys, crashPercent / 100.0, 0.05);
    for (int i = 0; i < injections; i++) {
      long a = rnd.nextInt(keys), b = (a + 1) % Math.max(keys, 2);
      switch (rnd.nextInt(3)) {
        case 0 -> TxnSimulation.injectAbortedRead(sim, a);
        case 1 -> TxnSimulation.injectIntermediateRead(sim, a);
        default -> TxnSimulation.injectPair(sim, a, b, rnd.nextBoolean());
      }
    }
    List<Op> ops = new ArrayList<>(sim.ops);
    for (int i = 0; i < faults; i++) {
      int at = rnd.nextInt(ops.size() + 1);
      String verb = rnd.nextBoolean() ? "start" : "stop";
      OpType type = rnd.nextBoolean() ? OpType.INVOKE : OpType.INFO;
      ops.add(at, new Op(0, Op.NO_TIME, Process.NEMESIS, type, verb + "-partition", null, Map.of("cut", List.of("n1")), null));
    }
    Path file = write(jsonl(ops, namedKeys, rnd));
    try {
      sameBothWays(file, slices, chunkBytes);
    } finally {
      Files.delete(file);
    }
  }

  /** The events as faultline writes them: numbered, timed in file order (sometimes two at one time). */
  private static String jsonl(List<Op> ops, boolean namedKeys, Random rnd) {
    StringBuilder out = new StringBuilder();
    long time = 0;
    OpType previous = null;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      // Equal times only where real-time order keeps the file's (an invocation never after a completion).
      boolean same = previous != null && rnd.nextInt(8) == 0 && !(op.type() == OpType.INVOKE && previous != OpType.INVOKE);
      if (!same) time += 1 + rnd.nextInt(1000);
      Object value = namedKeys && op.process().isClient() ? named(op.value()) : op.value();
      out.append(JsonlHistoryWriter.line(new Op(i, time, op.process(), op.type(), op.f(), null, value, null))).append('\n');
      previous = op.type();
    }
    return out.toString();
  }

  /** Micro-ops with key k written as the name "k". */
  private static Object named(Object value) {
    List<Object> out = new ArrayList<>();
    for (Object m : (List<?>) value) {
      List<?> step = (List<?>) m;
      out.add(java.util.Arrays.asList(step.get(0), "k" + step.get(1), step.get(2)));
    }
    return out;
  }
}
