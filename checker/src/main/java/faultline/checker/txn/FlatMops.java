package faultline.checker.txn;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The micro-ops of a list-append history read by {@link TxnJsonlReader}, in flat arrays instead of
 * an object per micro-op: its kind, its key (shared objects, one per key), and an append's
 * integer value or a read's elements at {@code elements[value .. value + length)} (length -1:
 * nil). Values are integers only (the reader leaves anything else to the general one), so a value
 * is its own {@link ValueCodes} code and the inference copies them without boxing.
 *
 * <p>Every transaction's micro-ops are a {@link View} of a range of it: {@link MicroOp}s are made
 * only when something asks for them (explanations, the checkers that work on objects).
 */
final class FlatMops {
  static final byte APPEND = 0, READ = 1;

  byte[] kind = new byte[1024];
  Object[] key = new Object[1024];
  long[] value = new long[1024];
  int[] length = new int[1024];
  long[] elements = new long[4096];
  int size;
  int elementCount;

  /** Room for one more micro-op. */
  void grow() {
    if (size < kind.length) return;
    resize(kind.length * 2);
  }

  /** Room for this many micro-ops and elements in all. */
  void reserve(int mops, int elementsRead) {
    if (mops > kind.length) resize(mops);
    if (elementsRead > elements.length) elements = Arrays.copyOf(elements, elementsRead);
  }

  private void resize(int n) {
    kind = Arrays.copyOf(kind, n);
    key = Arrays.copyOf(key, n);
    value = Arrays.copyOf(value, n);
    length = Arrays.copyOf(length, n);
  }

  /** Appends another's micro-ops (a later slice of the file), their reads' elements with them. */
  void append(FlatMops next) {
    int n = size + next.size;
    if (n > kind.length) resize(n);
    System.arraycopy(next.kind, 0, kind, size, next.size);
    System.arraycopy(next.key, 0, key, size, next.size);
    System.arraycopy(next.length, 0, length, size, next.size);
    for (int i = 0; i < next.size; i++) value[size + i] = next.kind[i] == READ ? elementCount + next.value[i] : next.value[i];
    if (elementCount + next.elementCount > elements.length) elements = Arrays.copyOf(elements, elementCount + next.elementCount);
    System.arraycopy(next.elements, 0, elements, elementCount, next.elementCount);
    size = n;
    elementCount += next.elementCount;
  }

  void addElement(long e) {
    if (elementCount == elements.length) elements = Arrays.copyOf(elements, elements.length * 2);
    elements[elementCount++] = e;
  }

  /** The micro-op at {@code at}, as an object; reads' values forgotten when {@code blind}. */
  MicroOp microOp(int at, boolean blind) {
    if (kind[at] == APPEND) return new MicroOp(MicroOp.Kind.APPEND, key[at], value[at]);
    if (blind || length[at] < 0) return new MicroOp(MicroOp.Kind.READ, key[at], null);
    Object[] read = new Object[length[at]];
    for (int i = 0; i < read.length; i++) read[i] = elements[(int) value[at] + i];
    return new MicroOp(MicroOp.Kind.READ, key[at], Arrays.asList(read));
  }

  /** Whether two ranges hold the same steps on the same keys (a completion and its invocation). */
  boolean sameShape(int from, int count, int otherFrom, int otherCount) {
    if (count != otherCount) return false;
    for (int i = 0; i < count; i++) {
      if (kind[from + i] != kind[otherFrom + i] || !key[from + i].equals(key[otherFrom + i])) return false;
    }
    return true;
  }

  /**
   * One transaction's micro-ops: {@code count} of them from {@code from}. A blind view is a failed
   * or crashed transaction's invocation, whose reads tell nothing (as {@link MicroOps#withoutReadValues}).
   */
  static final class View extends AbstractList<MicroOp> implements RandomAccess {
    final FlatMops store;
    final int from;
    final int count;
    final boolean blind;

    View(FlatMops store, int from, int count, boolean blind) {
      this.store = store;
      this.from = from;
      this.count = count;
      this.blind = blind;
    }

    @Override
    public MicroOp get(int i) {
      if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
      return store.microOp(from + i, blind);
    }

    @Override
    public int size() {
      return count;
    }

    /** Whether the micro-op at {@code i} reads, and what it read is known. */
    boolean readsKnown(int i) {
      return store.kind[from + i] == READ && !blind && store.length[from + i] >= 0;
    }
  }
}
