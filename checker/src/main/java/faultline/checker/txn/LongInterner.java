package faultline.checker.txn;

/**
 * One {@link Long} object per distinct value: a big history names its keys millions of times,
 * and a fresh object for each, all kept to the end, was a good part of what the collector copied.
 * An open-addressing table of primitives, so that looking a key up makes nothing.
 */
final class LongInterner {
  private long[] values = new long[1024];
  private Long[] objects = new Long[1024];
  private int size;

  Long intern(long v) {
    int mask = values.length - 1;
    for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
      Long o = objects[i];
      if (o == null) {
        if (2 * (size + 1) > values.length) {
          grow();
          return intern(v);
        }
        values[i] = v;
        objects[i] = o = v;
        size++;
        return o;
      }
      if (values[i] == v) return o;
    }
  }

  private static int mix(long v) {
    long h = v * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] oldValues = values;
    Long[] oldObjects = objects;
    values = new long[oldValues.length * 2];
    objects = new Long[oldValues.length * 2];
    int mask = values.length - 1;
    for (int j = 0; j < oldValues.length; j++) {
      if (oldObjects[j] == null) continue;
      int i = mix(oldValues[j]) & mask;
      while (objects[i] != null) i = (i + 1) & mask;
      values[i] = oldValues[j];
      objects[i] = oldObjects[j];
    }
  }
}
