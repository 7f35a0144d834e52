package faultline.checker.txn;

import java.util.Arrays;

/**
 * For one key, each written value's writer (a transaction id) and its position in the version
 * order: an open-addressing table of plain arrays, keyed by value codes ({@link ValueCodes}). A
 * map of boxed values per key held most of the memory the inference added to a
 * million-transaction history, and hashing them most of its time.
 */
final class ValueIndex {
  static final int NONE = -1;

  /** Receives a written value's code and its writer. */
  @FunctionalInterface
  interface CodeConsumer {
    void accept(long code, int writer);
  }

  private final ValueCodes codes;
  private long[] values = new long[8];
  private int[] writers = newWriters(8);
  private int[] positions = new int[8];
  private int size;

  ValueIndex(ValueCodes codes) {
    this.codes = codes;
  }

  private static int[] newWriters(int n) {
    int[] w = new int[n];
    Arrays.fill(w, NONE);
    return w;
  }

  int size() {
    return size;
  }

  private int slot(long value) {
    int mask = values.length - 1;
    int i = codes.hash(value) * 0x9E3779B9 >>> 1 & mask;
    while (writers[i] != NONE && values[i] != value) i = (i + 1) & mask;
    return i;
  }

  /** Records {@code value}'s writer; returns the earlier writer when it was already written, else NONE. */
  int putWriter(long value, int writer) {
    if ((size + 1) * 2 > values.length) grow();
    int i = slot(value);
    if (writers[i] != NONE) return writers[i];
    values[i] = value;
    writers[i] = writer;
    positions[i] = NONE;
    size++;
    return NONE;
  }

  /** Where {@code value} is, for {@link #writerAt} and {@link #positionAt}, or NONE: one probe for both. */
  int find(long value) {
    int i = slot(value);
    return writers[i] == NONE ? NONE : i;
  }

  int writerAt(int slot) {
    return slot == NONE ? NONE : writers[slot];
  }

  int positionAt(int slot) {
    return slot == NONE ? NONE : positions[slot];
  }

  void setPositionAt(int slot, int position) {
    positions[slot] = position;
  }

  int writer(long value) {
    return writers[slot(value)];
  }

  /** Its position in the version order, or NONE (never read, or never written). */
  int position(long value) {
    int i = slot(value);
    return writers[i] == NONE ? NONE : positions[i];
  }

  /** Every written value, in no particular order (the same order for the same values, whatever their codes). */
  void forEach(CodeConsumer action) {
    for (int i = 0; i < values.length; i++) if (writers[i] != NONE) action.accept(values[i], writers[i]);
  }

  private void grow() {
    long[] oldValues = values;
    int[] oldWriters = writers, oldPositions = positions;
    values = new long[oldValues.length * 2];
    writers = newWriters(values.length);
    positions = new int[values.length];
    for (int j = 0; j < oldValues.length; j++) {
      if (oldWriters[j] == NONE) continue;
      int i = slot(oldValues[j]);
      values[i] = oldValues[j];
      writers[i] = oldWriters[j];
      positions[i] = oldPositions[j];
    }
  }
}
