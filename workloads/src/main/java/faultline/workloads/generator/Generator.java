package faultline.workloads.generator;

import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The op stream of the main phase, shared by every worker: a fixed number of keys in flight, each
 * picked at random for the next op, each retired for a fresh one after {@code opsPerKey} ops (as
 * Jepsen's independent generator bounds each key's history); a workload of transactions over many
 * keys draws its ops itself ({@link Workload#spanning}). The sequence of invocations depends
 * only on the seed; which worker gets which op depends on timing, as in Jepsen.
 */
public final class Generator {
  private final Workload workload;
  private final SplittableRandom random;
  private final int opsPerKey;
  private final Workload.KeyOps[] active;
  private final int[] used;
  private final Workload.Spanning spanning;
  private final LinkedHashSet<String> keys = new LinkedHashSet<>();
  private final List<Workload.KeyOps> everyKey = new ArrayList<>();
  private long nextKey;
  private long generated;
  // A lock rather than synchronized: virtual threads waiting on it unmount (JDK 21 pins them on monitors).
  private final ReentrantLock lock = new ReentrantLock();

  public Generator(Workload workload, long seed, int keysInFlight, int opsPerKey) {
    if (keysInFlight < 1) throw new IllegalArgumentException("keys in flight must be at least 1");
    if (opsPerKey < 1) throw new IllegalArgumentException("ops per key must be at least 1");
    this.workload = workload;
    this.random = new SplittableRandom(seed);
    this.opsPerKey = opsPerKey;
    this.active = new Workload.KeyOps[keysInFlight];
    this.used = new int[keysInFlight];
    this.spanning = workload.spanning(keysInFlight, opsPerKey);
    if (spanning == null) for (int i = 0; i < keysInFlight; i++) active[i] = freshKey();
  }

  private Workload.KeyOps freshKey() {
    String key = workload.keyPrefix() + nextKey++;
    Workload.KeyOps ops = workload.newKey(key);
    keys.add(key);
    everyKey.add(ops);
    return ops;
  }

  /** The next invocation of the main phase. */
  public Invocation next() {
    lock.lock();
    try {
      return nextLocked();
    } finally {
      lock.unlock();
    }
  }

  private Invocation nextLocked() {
    if (spanning != null) {
      generated++;
      return spanning.next(random);
    }
    int slot = random.nextInt(active.length);
    if (used[slot] >= opsPerKey) {
      active[slot] = freshKey();
      used[slot] = 0;
    }
    used[slot]++;
    generated++;
    return active[slot].next(random);
  }

  /** The final phase: one read of every key used (for transactions, one read-only transaction each), when the workload ends with final reads. */
  public List<Invocation> finalReads() {
    if (!workload.finalReads()) return List.of();
    lock.lock();
    try {
      return spanning != null ? spanning.finalReads() : everyKey.stream().map(Workload.KeyOps::finalRead).toList();
    } finally {
      lock.unlock();
    }
  }

  public long generated() {
    lock.lock();
    try {
      return generated;
    } finally {
      lock.unlock();
    }
  }

  public int keysUsed() {
    lock.lock();
    try {
      return spanning != null ? spanning.keysUsed() : keys.size();
    } finally {
      lock.unlock();
    }
  }
}
