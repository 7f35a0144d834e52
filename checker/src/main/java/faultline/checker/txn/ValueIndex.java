package faultline.checker.txn;

import java.util.Objects;

/**
 * For one key, each written value's writer (a transaction id) and its position in the version
 * order: an open-addressing table of plain arrays. A map of boxed Integers per key held most of
 * the memory the inference added to a million-transaction history.
 */
final class ValueIndex {
  static final int NONE = -1;
  private Object[] values = new Object[8];
  private int[] writers = new int[8];
  private int[] positions = new int[8];
  private int size;

  int size() {
    return size;
  }

  private int slot(Object value) {
    int mask = values.length - 1;
    int i = Objects.hashCode(value) * 0x9E3779B9 >>> 1 & mask;
    while (values[i] != null && !values[i].equals(value)) i = (i + 1) & mask;
    return i;
  }

  /** Records {@code value}'s writer; returns the earlier writer when it was already written, else NONE. */
  int putWriter(Object value, int writer) {
    if ((size + 1) * 2 > values.length) grow();
    int i = slot(value);
    if (values[i] != null) return writers[i];
    values[i] = value;
    writers[i] = writer;
    positions[i] = NONE;
    size++;
    return NONE;
  }

  /** Where {@code value} is, for {@link #writerAt} and {@link #positionAt}, or NONE: one probe for both. */
  int find(Object value) {
    if (value == null) return NONE;
    int i = slot(value);
    return values[i] == null ? NONE : i;
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

  int writer(Object value) {
    if (value == null) return NONE;
    int i = slot(value);
    return values[i] == null ? NONE : writers[i];
  }

  /** Its position in the version order, or NONE (never read, or never written). */
  int position(Object value) {
    if (value == null) return NONE;
    int i = slot(value);
    return values[i] == null ? NONE : positions[i];
  }

  /** Sets the position of a written value; false when nobody wrote it (it cannot hold one). */
  boolean setPosition(Object value, int position) {
    int i = slot(value);
    if (values[i] == null) return false;
    positions[i] = position;
    return true;
  }

  /** Every written value, in no particular order. */
  void forEach(java.util.function.ObjIntConsumer<Object> action) {
    for (int i = 0; i < values.length; i++) if (values[i] != null) action.accept(values[i], writers[i]);
  }

  private void grow() {
    Object[] oldValues = values;
    int[] oldWriters = writers, oldPositions = positions;
    values = new Object[oldValues.length * 2];
    writers = new int[values.length];
    positions = new int[values.length];
    for (int j = 0; j < oldValues.length; j++) {
      if (oldValues[j] == null) continue;
      int i = slot(oldValues[j]);
      values[i] = oldValues[j];
      writers[i] = oldWriters[j];
      positions[i] = oldPositions[j];
    }
  }
}
