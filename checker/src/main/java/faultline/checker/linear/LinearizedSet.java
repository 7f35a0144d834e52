package faultline.checker.linear;

import java.util.Arrays;

/**
 * Which operations of a partition are linearized so far: a bitset with a Zobrist hash kept up to
 * date on every change, so the search's memo table can hash it in constant time.
 */
final class LinearizedSet {
  private final long[] words;
  private final long[] zobrist;
  private long hash;

  LinearizedSet(int size) {
    this.words = new long[(size + 63) >>> 6];
    this.zobrist = new long[size];
    for (int i = 0; i < size; i++) zobrist[i] = mix(i + 0x9E3779B97F4A7C15L);
  }

  void set(int i) {
    words[i >>> 6] |= 1L << i;
    hash ^= zobrist[i];
  }

  void clear(int i) {
    words[i >>> 6] &= ~(1L << i);
    hash ^= zobrist[i];
  }

  long hash() {
    return hash;
  }

  long[] words() {
    return words;
  }

  long[] snapshot() {
    return words.clone();
  }

  boolean sameAs(long[] other) {
    return Arrays.equals(words, other);
  }

  /** SplitMix64's finalizer: spreads consecutive ids over all 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
