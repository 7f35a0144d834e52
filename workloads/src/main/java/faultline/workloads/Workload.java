package faultline.workloads;

import faultline.checker.Checker;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a test does to its keys: the mix of operations on one key, and whether a final read of every
 * key ends the run. Like Jepsen's independent workloads, work is spread over many keys, each
 * with a short history, so that checking stays cheap.
 */
public interface Workload {

  /** The name the command line uses: counter, register, set. */
  String name();

  /** The prefix of this workload's keys (c0, c1, ... for counters). */
  String keyPrefix();

  /** The operations on a fresh key, drawn from the generator's seeded random source. */
  KeyOps newKey(String key);

  /** Whether the run ends with a read of every key once the system has recovered. */
  boolean finalReads();

  /**
   * The checkers that judge this workload's histories, by name, in the order they run: a workload
   * is a bundle of operations and checkers, as Jepsen's are, so the code that wires a run does not
   * decide which checker applies.
   */
  Map<String, Checker> checkers(CheckOptions options);

  /**
   * For a workload whose ops span keys (transactions): its own source of every op, drawing keys
   * from {@code keysInFlight} active ones, each retired after {@code writesPerKey} writes. Null,
   * the default, for workloads of independent keys, whose ops come from {@link #newKey}.
   */
  default Spanning spanning(int keysInFlight, int writesPerKey) {
    return null;
  }

  /** Ops over many keys at once; called under the generator's lock, like {@link KeyOps}. */
  interface Spanning {
    Invocation next(SplittableRandom random);

    /** How many keys have been used so far. */
    int keysUsed();

    /** The final phase's reads, of every key used, when the workload ends with final reads. */
    default List<Invocation> finalReads() {
      return List.of();
    }
  }

  /**
   * The source of operations on one key. Not thread-safe: the generator calls it under its lock,
   * so a seed gives the same sequence of operations every time.
   */
  interface KeyOps {
    Invocation next(SplittableRandom random);

    Invocation finalRead();
  }
}
