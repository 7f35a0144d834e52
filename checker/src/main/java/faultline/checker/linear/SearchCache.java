package faultline.checker.linear;

/**
 * Lowe's memo of configurations already explored: a (linearized set, model state) pair reached
 * once need not be searched again, whatever order of operations led to it. Open addressing over
 * parallel arrays keeps it compact; sizes are reported to the {@link Budget}.
 */
final class SearchCache {
  private static final int INITIAL = 1 << 10;

  private final Budget budget;
  private final int bytesPerEntry;
  private long[] hashes = new long[INITIAL];
  private long[][] sets = new long[INITIAL][];
  private Object[] states = new Object[INITIAL];
  private int size;
  private long reserved;

  SearchCache(Budget budget, int words) {
    this.budget = budget;
    // The bitset copy (header + words), the slot in three arrays at 50% load, the state's share.
    this.bytesPerEntry = 16 + 8 * words + 2 * (8 + 8 + 8) + 32;
  }

  /** Adds the pair unless present; true when added. Throws when the memory budget is spent. */
  boolean add(LinearizedSet set, Object state) {
    long h = set.hash() ^ LinearizedSet.mix(state.hashCode());
    int mask = hashes.length - 1;
    int i = (int) (h ^ (h >>> 32)) & mask;
    while (sets[i] != null) {
      if (hashes[i] == h && set.sameAs(sets[i]) && states[i].equals(state)) return false;
      i = (i + 1) & mask;
    }
    hashes[i] = h;
    sets[i] = set.snapshot();
    states[i] = state;
    size++;
    if ((size & 1023) == 0) account();
    if (size * 2 > hashes.length) grow();
    return true;
  }

  int size() {
    return size;
  }

  private void account() {
    long want = (long) size * bytesPerEntry;
    long more = want - reserved;
    reserved = want;
    if (!budget.reserve(more)) throw new BudgetExhausted("memory budget of " + (budget.memoryBytes() >> 20) + " MiB spent");
  }

  /** Gives the memory back to the budget when the search is over. */
  void release() {
    budget.release(reserved);
    reserved = 0;
    hashes = null;
    sets = null;
    states = null;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[][] oldSets = sets;
    Object[] oldStates = states;
    int capacity = oldHashes.length * 2;
    hashes = new long[capacity];
    sets = new long[capacity][];
    states = new Object[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldSets[j] == null) continue;
      long h = oldHashes[j];
      int i = (int) (h ^ (h >>> 32)) & mask;
      while (sets[i] != null) i = (i + 1) & mask;
      hashes[i] = h;
      sets[i] = oldSets[j];
      states[i] = oldStates[j];
    }
  }

  /** The search ran out of budget: the partition's verdict is unknown. */
  static final class BudgetExhausted extends RuntimeException {
    BudgetExhausted(String reason) {
      super(reason, null, false, false);
    }
  }
}
