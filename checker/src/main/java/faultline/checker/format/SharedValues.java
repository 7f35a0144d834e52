package faultline.checker.format;

/**
 * One object for each short string and each small integer a reader meets again and again (function
 * names such as {@code "txn"} and {@code "append"}, keys, list elements): a million-transaction
 * history repeats the same few strings millions of times, and each copy held its own String and
 * byte array until the end of the check. Values are immutable, so sharing them changes nothing a
 * reader's user can see.
 *
 * <p>One instance per parsing thread (the string table is not thread-safe); the integers are
 * shared by all, written with benign races (a slot holds null or a Long of its own value).
 */
final class SharedValues {
  /** Integers in [0, SMALL) are shared: Elle's and faultline's generators number values densely from 0. */
  private static final int SMALL = 1 << 20;
  private static final Long[] SMALL_LONGS = new Long[SMALL];
  /** Longer strings are rarely repeated (error messages, names of things). */
  private static final int MAX_SHARED_LENGTH = 32;
  /** Past this many distinct strings, new ones are not kept (a history of unique strings). */
  private static final int MAX_STRINGS = 1 << 12;

  private String[] strings = new String[64];
  private int count;
  /** The few distinct {@code node} values of a run (one per server incarnation), each kept once. */
  private final java.util.Map<Object, Object> nodes = new java.util.HashMap<>();

  static Long integer(long v) {
    if (v < 0 || v >= SMALL) return v;
    Long shared = SMALL_LONGS[(int) v];
    if (shared == null) SMALL_LONGS[(int) v] = shared = v;
    return shared;
  }

  /** The string of {@code chars[offset, offset + length)}, shared when short. */
  String string(char[] chars, int offset, int length) {
    if (length > MAX_SHARED_LENGTH) return new String(chars, offset, length);
    int hash = 0;
    for (int i = 0; i < length; i++) hash = 31 * hash + chars[offset + i];
    int mask = strings.length - 1;
    int slot = (hash * 0x9E3779B9) >>> 7 & mask;
    for (String s; (s = strings[slot]) != null; slot = (slot + 1) & mask) {
      if (s.hashCode() == hash && sameChars(s, chars, offset, length)) return s;
    }
    String s = new String(chars, offset, length);
    if (count >= MAX_STRINGS) return s;
    strings[slot] = s;
    if (++count * 2 > strings.length) grow();
    return s;
  }

  /** A completion's {@code node} value, shared with its equals: a run repeats a handful of them on every line. */
  Object node(Object node) {
    if (node == null || nodes.size() >= MAX_STRINGS) return node;
    Object shared = nodes.putIfAbsent(node, node);
    return shared == null ? node : shared;
  }

  private static boolean sameChars(String s, char[] chars, int offset, int length) {
    if (s.length() != length) return false;
    for (int i = 0; i < length; i++) if (s.charAt(i) != chars[offset + i]) return false;
    return true;
  }

  private void grow() {
    String[] old = strings;
    strings = new String[old.length * 2];
    int mask = strings.length - 1;
    for (String s : old) {
      if (s == null) continue;
      int slot = (s.hashCode() * 0x9E3779B9) >>> 7 & mask;
      while (strings[slot] != null) slot = (slot + 1) & mask;
      strings[slot] = s;
    }
  }
}
