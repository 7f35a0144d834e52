package faultline.workloads.txn;

import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Elle's transaction generator: transactions ({@code f} {@code txn}) of 1 to {@value
 * #MAX_MICRO_OPS} micro-ops, each a read ({@code [r k nil]}) or a write ({@code [append k v]} or
 * {@code [w k v]}) of a key drawn from a pool of active keys. A key that has taken {@code
 * writesPerKey} writes is retired and a fresh key takes its place, so each key's history stays
 * short. Written values are 1, 2, 3, ... per key, so each is unique to its key and names the one
 * transaction that wrote it.
 */
final class TxnKeyPool implements Workload.Spanning {
  /** Elle's default longest transaction. */
  static final int MAX_MICRO_OPS = 4;

  private final long[] keys;
  private final int[] written;
  private final int writesPerKey;
  private final String write;
  private long nextKey;

  /** @param write the write micro-op's name: append (list-append) or w (rw-register) */
  TxnKeyPool(int size, int writesPerKey, String write) {
    this.keys = new long[size];
    this.written = new int[size];
    this.writesPerKey = writesPerKey;
    this.write = write;
    for (int i = 0; i < size; i++) keys[i] = nextKey++;
  }

  @Override
  public Invocation next(SplittableRandom random) {
    int length = 1 + random.nextInt(MAX_MICRO_OPS);
    List<Object> mops = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      int slot = random.nextInt(keys.length);
      if (random.nextBoolean()) {
        mops.add(Arrays.asList("r", keys[slot], null));
        continue;
      }
      mops.add(List.of(write, keys[slot], (long) ++written[slot]));
      if (written[slot] >= writesPerKey) { // retired: later micro-ops use its successor
        keys[slot] = nextKey++;
        written[slot] = 0;
      }
    }
    return new Invocation("txn", null, mops);
  }

  @Override
  public int keysUsed() {
    return (int) nextKey;
  }

  /** One read-only transaction {@code [[r k nil]]} per key used, retired or active. */
  @Override
  public List<Invocation> finalReads() {
    List<Invocation> reads = new ArrayList<>((int) nextKey);
    for (long key = 0; key < nextKey; key++) reads.add(new Invocation("txn", null, List.of(Arrays.asList("r", key, null))));
    return reads;
  }
}
