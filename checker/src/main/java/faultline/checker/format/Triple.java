package faultline.checker.format;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A JSON array of three values as one small immutable list: the shape of every micro-op
 * ({@code ["append", 7, 3]}), of which a million-transaction history holds millions. A general
 * list took two objects and twice the memory for each, all of it kept to the end of the check.
 */
final class Triple extends AbstractList<Object> implements RandomAccess {
  private final Object first;
  private final Object second;
  private final Object third;

  Triple(Object first, Object second, Object third) {
    this.first = first;
    this.second = second;
    this.third = third;
  }

  @Override
  public Object get(int index) {
    return switch (index) {
      case 0 -> first;
      case 1 -> second;
      case 2 -> third;
      default -> throw new IndexOutOfBoundsException("index " + index + " of a list of 3");
    };
  }

  @Override
  public int size() {
    return 3;
  }
}
