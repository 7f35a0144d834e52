package faultline.workloads.txn;

import faultline.checker.Checker;
import faultline.workloads.CheckOptions;
import faultline.workloads.Invocation;
import faultline.workloads.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Elle's list-append: transactions ({@code f} {@code txn}) of 1 to 4 micro-ops, each a read of a
 * whole list ({@code [r k nil]}, completed as {@code [r k [v ...]]}) or an append of one element
 * ({@code [append k v]}), over a pool of active keys. Each key takes at most a bounded number of
 * appends, then a fresh key takes its place, so lists stay short and the checker's version orders
 * cheap, as Elle's generator renews its keys. Elements are 1, 2, 3, ... per key, so each is
 * unique to its key and names the one transaction that appended it.
 */
public final class ListAppendWorkload implements Workload {
  /** Elle's default longest transaction. */
  public static final int MAX_MICRO_OPS = 4;

  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public String keyPrefix() {
    return "";
  }

  /** Elle's list-append checker, judging strict-serializable as Jepsen's PostgreSQL suite does by default. */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of("list-append", TxnChecks.listAppend(options.timeLimit()));
  }

  @Override
  public boolean finalReads() {
    return false; // Elle's list-append has none: every read of a transaction is already a witness
  }

  @Override
  public KeyOps newKey(String key) {
    throw new UnsupportedOperationException("list-append transactions span keys; see spanning()");
  }

  @Override
  public Spanning spanning(int keysInFlight, int writesPerKey) {
    return new Pool(keysInFlight, writesPerKey);
  }

  /** The active keys, how many elements each has been given, and the next fresh key. */
  private static final class Pool implements Spanning {
    private final long[] keys;
    private final int[] appended;
    private final int writesPerKey;
    private long nextKey;

    Pool(int size, int writesPerKey) {
      this.keys = new long[size];
      this.appended = new int[size];
      this.writesPerKey = writesPerKey;
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
        mops.add(List.of("append", keys[slot], (long) ++appended[slot]));
        if (appended[slot] >= writesPerKey) { // retired: later micro-ops use its successor
          keys[slot] = nextKey++;
          appended[slot] = 0;
        }
      }
      return new Invocation("txn", null, mops);
    }

    @Override
    public int keysUsed() {
      return (int) nextKey;
    }
  }
}
