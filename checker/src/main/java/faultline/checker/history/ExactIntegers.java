package faultline.checker.history;

import java.math.BigInteger;

/**
 * Integers of a history as exact numbers. Readers give Long, or BigInteger past 64 bits; a model
 * that adds them (a counter) must not wrap, since a sum that wraps can turn a lost update into a
 * read that fits: two adds of Long.MAX_VALUE "sum" to -2.
 */
public final class ExactIntegers {
  private ExactIntegers() {}

  /** {@code v} as a BigInteger when it is an integer (Long, Integer, BigInteger), else null. */
  public static BigInteger of(Object v) {
    return switch (v) {
      case Long l -> BigInteger.valueOf(l);
      case Integer i -> BigInteger.valueOf(i);
      case BigInteger b -> b;
      case null, default -> null;
    };
  }

  public static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof BigInteger;
  }
}
