package faultline.checker.txn;

import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elle's list-append inference. Every append to a key writes a value no other append writes, so a
 * read of the list names the writer of each element, and the order of its elements is the order of
 * those writes. The longest read of each key is its version order; every other read must be a
 * prefix of it (else: incompatible-order). From it:
 *
 * <ul>
 *   <li>ww: the writer of each element precedes the writer of the next;
 *   <li>wr: the writer of a read's last element precedes the reader;
 *   <li>rw: a reader precedes the writer of the element after the last one it saw (of the first
 *       element, when it saw none).
 * </ul>
 *
 * <p>No edge leads to or from a failed transaction, nor from a read of an intermediate append.
 *
 * <p>Beside the graph: aborted reads (G1a, an element a failed transaction appended), intermediate
 * reads (G1b, a read ending at an append its writer followed with another to the same key),
 * internal inconsistency (a read that disagrees with its own transaction's earlier steps),
 * duplicate elements, future reads (a transaction seeing its own later append), dirty updates (a
 * failed append followed by committed ones in the version order), lost updates (two committed
 * transactions read the same version of a key and both appended to it), and elements nobody
 * appended (garbage reads).
 *
 * <p>The micro-ops are copied once into flat arrays of value codes ({@link ValueCodes}) and the
 * passes work on those: on boxed values, hashing and comparing them took most of the inference of
 * big histories. Values are decoded only to word an anomaly or an explanation.
 */
final class ListAppendAnalysis implements Inference {
  /** A key's writers and version order. */
  private static final class Key {
    /** The key as the history wrote it. */
    final Object name;
    /** Each appended value's writer and position in the version order. */
    final ValueIndex values;
    /** The micro-op holding the longest committed read (its first), or NONE when every read was empty. */
    int longest = NONE;
    int longestLength;
    /** The first position of the version order holding an element nobody or a failed transaction appended, or a repeat. */
    int firstBad = Integer.MAX_VALUE;
    /**
     * Values committed transactions appended that no read saw. Each came after the whole version
     * order (a read holding the last element would hold it too, were it earlier), in an order nobody
     * knows.
     */
    long[] unobserved = new long[0];
    int unobservedCount;

    Key(Object name, ValueCodes codes) {
      this.name = name;
      this.values = new ValueIndex(codes);
    }
  }

  private static final int NONE = ValueIndex.NONE;
  private static final byte APPEND = 0, READ = 1;
  private final List<Txn> txns;
  private final Map<Object, Key> keys = new HashMap<>();
  private final List<Anomaly> anomalies = new ArrayList<>();
  private final DependencyGraph.Builder edges;
  private ValueCodes codes;

  /**
   * Every micro-op, flat: micro-op j of transaction t is at {@code firstMop[t] + j}, with its key's
   * state, its kind, and its value: an append's code, or a read's elements at
   * {@code elements[value .. value + length)} (length -1: it read nothing known, nil).
   */
  private int[] firstMop;
  private Key[] keyOf;
  private byte[] kind;
  private long[] value;
  private int[] length;
  private long[] elements;

  private ListAppendAnalysis(List<Txn> txns) {
    this.txns = txns;
    // About one edge of each type per transaction, and three real-time edges (see OrderEdges).
    this.edges = new DependencyGraph.Builder(txns.size(), txns.size());
  }

  static ListAppendAnalysis of(TxnHistory history) throws MalformedHistoryException {
    ListAppendAnalysis a = new ListAppendAnalysis(history.txns());
    a.indexWrites(history);
    a.versionOrders();
    a.readAnomalies();
    a.dirtyUpdates();
    a.lostUpdates();
    a.dependencies();
    return a;
  }

  @Override
  public DependencyGraph.Builder edges() {
    return edges;
  }

  @Override
  public List<Anomaly> anomalies() {
    return anomalies;
  }

  @Override
  public boolean lists() {
    return true;
  }

  private int at(Txn t, int j) {
    return firstMop[t.id()] + j;
  }

  private int mopCount(Txn t) {
    return firstMop[t.id() + 1] - firstMop[t.id()];
  }

  /** The number of elements a read saw (nil reads as empty, as Elle's lists read it). */
  private int readLength(int at) {
    return Math.max(length[at], 0);
  }

  private long element(int at, int i) {
    return elements[(int) value[at] + i];
  }

  private long lastElement(int at) {
    return element(at, length[at] - 1);
  }

  /** A read's elements as the history wrote them, for messages. */
  private List<Object> shown(int at) {
    List<Object> out = new ArrayList<>(readLength(at));
    for (int i = 0; i < readLength(at); i++) out.add(codes.value(element(at, i)));
    return out;
  }

  private List<Object> longestShown(Key k) {
    return k.longest == NONE ? List.of() : shown(k.longest);
  }

  /** The code at position {@code i} of the key's version order. */
  private long versionAt(Key k, int i) {
    return element(k.longest, i);
  }

  private void indexWrites(TxnHistory history) throws MalformedHistoryException {
    codes = history.flat() != null ? ValueCodes.integers() : ValueCodes.of(txns);
    firstMop = new int[txns.size() + 1];
    for (Txn t : txns) firstMop[t.id() + 1] = firstMop[t.id()] + t.mops().size();
    int mops = firstMop[txns.size()];
    keyOf = new Key[mops];
    kind = new byte[mops];
    value = new long[mops];
    length = new int[mops];
    elements = new long[Math.max(16, mops)];
    if (history.flat() != null) {
      copyFlat(history, history.flat());
      return;
    }
    int used = 0;
    for (Txn t : txns) {
      List<MicroOp> list = t.mops();
      for (int j = 0; j < list.size(); j++) {
        MicroOp m = list.get(j);
        int at = at(t, j);
        Key k = keyOf[at] = key(m.key());
        if (m.kind() == MicroOp.Kind.WRITE) {
          throw new MalformedHistoryException(history.source(), t.line(),
              "micro-op " + m + " is a register write, but this is a list-append history (use --model rw-register)");
        }
        if (m.isRead() && m.value() != null && !(m.value() instanceof List<?>)) {
          throw new MalformedHistoryException(history.source(), t.line(),
              "micro-op " + m + " reads a single value, but list-append reads return lists (use --model rw-register)");
        }
        if (m.isRead()) {
          kind[at] = READ;
          length[at] = m.value() == null ? -1 : m.list().size();
          value[at] = used;
          if (used + readLength(at) > elements.length) elements = Arrays.copyOf(elements, Math.max(used + readLength(at), elements.length * 2));
          for (Object e : m.list()) elements[used++] = codes.code(e);
          continue;
        }
        kind[at] = APPEND;
        length[at] = -1;
        value[at] = codes.code(m.value());
        int earlier = k.values.putWriter(value[at], t.id());
        if (earlier != NONE) throw duplicateAppend(history, t, m.value(), m.key(), earlier);
      }
    }
  }

  /**
   * The same arrays from {@link FlatMops}, copied without a micro-op object: its values are
   * integers, their own codes, and it holds no register writes (so none of the errors above).
   */
  private void copyFlat(TxnHistory history, FlatMops flat) throws MalformedHistoryException {
    int used = 0;
    for (Txn t : txns) {
      FlatMops.View view = (FlatMops.View) t.mops();
      for (int j = 0; j < view.count; j++) {
        int at = at(t, j), src = view.from + j;
        Key k = keyOf[at] = key(flat.key[src]);
        if (flat.kind[src] == FlatMops.READ) {
          kind[at] = READ;
          length[at] = view.blind ? -1 : flat.length[src];
          value[at] = used;
          int n = readLength(at);
          if (used + n > elements.length) elements = Arrays.copyOf(elements, Math.max(used + n, elements.length * 2));
          System.arraycopy(flat.elements, (int) flat.value[src], elements, used, n);
          used += n;
          continue;
        }
        kind[at] = APPEND;
        length[at] = -1;
        value[at] = flat.value[src];
        int earlier = k.values.putWriter(value[at], t.id());
        if (earlier != NONE) throw duplicateAppend(history, t, flat.value[src], flat.key[src], earlier);
      }
    }
  }

  private MalformedHistoryException duplicateAppend(TxnHistory history, Txn t, Object value, Object key, int earlier) {
    return new MalformedHistoryException(history.source(), t.line(), "the append of " + Values.show(value)
        + " to key " + Values.show(key) + " was already made by " + txns.get(earlier).describe()
        + " (line " + txns.get(earlier).line() + "); list-append needs every appended value unique per key");
  }

  private Key key(Object k) {
    return keys.computeIfAbsent(k, x -> new Key(x, codes));
  }

  private void versionOrders() {
    for (Txn t : txns) {
      if (!t.committed()) continue;
      for (int j = 0, n = mopCount(t); j < n; j++) {
        int at = at(t, j);
        if (kind[at] != READ) continue;
        Key k = keyOf[at];
        if (readLength(at) > k.longestLength) {
          k.longest = at;
          k.longestLength = readLength(at);
        }
      }
    }
    for (Key k : keys.values()) {
      for (int i = 0; i < k.longestLength; i++) {
        int slot = k.values.find(versionAt(k, i));
        int w = k.values.writerAt(slot);
        boolean repeat = w != NONE && k.values.positionAt(slot) != NONE;
        if (w != NONE && !repeat) k.values.setPositionAt(slot, i);
        if ((w == NONE || txns.get(w).failed() || repeat) && k.firstBad == Integer.MAX_VALUE) k.firstBad = i;
      }
      k.values.forEach((code, w) -> {
        if (txns.get(w).committed() && k.values.position(code) == NONE) {
          if (k.unobservedCount == k.unobserved.length) k.unobserved = Arrays.copyOf(k.unobserved, Math.max(4, 2 * k.unobservedCount));
          k.unobserved[k.unobservedCount++] = code;
        }
      });
    }
  }

  private void readAnomalies() {
    Set<Object> incompatibleReported = new HashSet<>();
    for (Txn t : txns) {
      if (!t.committed()) continue;
      for (int i = 0, n = mopCount(t); i < n; i++) {
        int at = at(t, i);
        if (kind[at] != READ) continue;
        Key k = keyOf[at];
        int size = readLength(at);
        internal(t, i);
        boolean prefix = isPrefix(at, k);
        // A prefix of the version order holds nothing its longest read does not: its elements were
        // checked once per key (firstBad); only other reads are scanned element by element.
        if ((!prefix || size > k.firstBad) && size > 1 && hasRepeat(at)) {
          anomalies.add(Anomaly.of("duplicate-elements", List.of(t),
              t.name() + " read key " + Values.show(k.name) + " as " + Values.show(shown(at)) + ", in which an element appears more than once"));
        }
        if (!prefix && incompatibleReported.add(k.name)) {
          Txn longest = k.longest == NONE ? null : txnOf(k.longest);
          anomalies.add(Anomaly.of("incompatible-order", longest == null ? List.of(t) : List.of(t, longest),
              t.name() + " read key " + Values.show(k.name) + " as " + Values.show(shown(at)) + ", but "
                  + (longest == null ? "another read" : longest.name()) + " read it as " + Values.show(longestShown(k))
                  + ": neither is a prefix of the other, so no single order of appends explains both"));
        }
        if (!prefix || size > k.firstBad) {
          for (int e = 0; e < size; e++) {
            long element = element(at, e);
            int w = k.values.writer(element);
            if (w == NONE) {
              anomalies.add(Anomaly.of("garbage-read", List.of(t), t.name() + " read " + Values.show(codes.value(element)) + " in key "
                  + Values.show(k.name) + ", which no transaction appended"));
            } else if (txns.get(w).failed()) {
              anomalies.add(Anomaly.of("G1a", List.of(t, txns.get(w)), t.name() + " read key " + Values.show(k.name) + " as "
                  + Values.show(shown(at)) + ", which holds " + Values.show(codes.value(element)) + ", appended by " + txns.get(w).describe()
                  + ", which failed (an aborted read)"));
            }
          }
        }
        for (int j = i + 1; j < n; j++) {
          int later = at(t, j);
          if (kind[later] == APPEND && keyOf[later] == k && contains(at, value[later])) {
            anomalies.add(Anomaly.of("future-read", List.of(t), t.name() + " read key " + Values.show(k.name) + " as "
                + Values.show(shown(at)) + ", which holds " + Values.show(codes.value(value[later])) + ", which it appended only later"));
          }
        }
        if (size > 0) {
          long last = lastElement(at);
          int w = k.values.writer(last);
          if (w != NONE && w != t.id() && !txns.get(w).failed()) {
            Txn writer = txns.get(w);
            int later = laterAppend(writer, k, appendIndex(writer, k, last));
            if (later != NONE) {
              anomalies.add(Anomaly.of("G1b", List.of(t, writer), t.name() + " read key " + Values.show(k.name) + " as "
                  + Values.show(shown(at)) + ", ending at " + writer.name() + "'s append of " + Values.show(codes.value(last)) + ", but "
                  + writer.name() + " appended " + Values.show(codes.value(value[later])) + " to it afterwards (an intermediate read)"));
            }
          }
        }
      }
    }
  }

  /** Whether the read at {@code i} agrees with what its own transaction did to the key before it. */
  private void internal(Txn t, int i) {
    int read = at(t, i);
    Key key = keyOf[read];
    boolean earlier = false;
    for (int j = 0; j < i && !earlier; j++) earlier = keyOf[at(t, j)] == key;
    if (!earlier) return;
    int known = NONE; // the earlier read that told the whole list
    List<Long> appended = new ArrayList<>(); // appends since then (or since the start)
    for (int j = 0; j < i; j++) {
      int m = at(t, j);
      if (keyOf[m] != key) continue;
      if (kind[m] == READ) {
        known = m;
        appended.clear();
      } else {
        appended.add(value[m]);
      }
    }
    if (known == NONE && appended.isEmpty()) return;
    List<Long> got = codesOf(read);
    boolean ok;
    String expected;
    if (known != NONE) {
      List<Long> want = codesOf(known);
      want.addAll(appended);
      ok = want.equals(got);
      expected = Values.show(decoded(want));
    } else {
      ok = got.size() >= appended.size() && got.subList(got.size() - appended.size(), got.size()).equals(appended);
      expected = "a list ending with " + Values.show(decoded(appended));
    }
    if (!ok) {
      anomalies.add(Anomaly.of("internal", List.of(t), t.name() + "'s micro-op " + (i + 1) + " read key " + Values.show(key.name)
          + " as " + Values.show(shown(read)) + ", but its own earlier micro-ops imply " + expected));
    }
  }

  private List<Long> codesOf(int at) {
    List<Long> out = new ArrayList<>(readLength(at));
    for (int i = 0; i < readLength(at); i++) out.add(element(at, i));
    return out;
  }

  private List<Object> decoded(List<Long> list) {
    List<Object> out = new ArrayList<>(list.size());
    for (long c : list) out.add(codes.value(c));
    return out;
  }

  private boolean isPrefix(int at, Key k) {
    int size = readLength(at);
    if (size > k.longestLength) return false;
    if (at == k.longest) return true;
    for (int i = 0; i < size; i++) if (element(at, i) != versionAt(k, i)) return false;
    return true;
  }

  private boolean hasRepeat(int at) {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < readLength(at); i++) if (!seen.add(element(at, i))) return true;
    return false;
  }

  private boolean contains(int at, long code) {
    for (int i = 0; i < readLength(at); i++) if (element(at, i) == code) return true;
    return false;
  }

  /** The transaction a micro-op belongs to. */
  private Txn txnOf(int at) {
    int lo = 0, hi = txns.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (firstMop[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return txns.get(lo);
  }

  private int appendIndex(Txn t, Key key, long code) {
    for (int j = 0, n = mopCount(t); j < n; j++) {
      int m = at(t, j);
      if (kind[m] == APPEND && keyOf[m] == key && value[m] == code) return j;
    }
    return -1;
  }

  /** The first of t's appends to {@code key} after its micro-op {@code after}, as a flat index, or NONE. */
  private int laterAppend(Txn t, Key key, int after) {
    for (int j = after + 1, n = mopCount(t); j < n; j++) {
      int m = at(t, j);
      if (kind[m] == APPEND && keyOf[m] == key) return m;
    }
    return NONE;
  }

  /** A failed transaction's append, followed in the version order by appends that may have committed. */
  private void dirtyUpdates() {
    keys.forEach((key, k) -> {
      Txn aborted = null;
      long abortedValue = 0;
      for (int i = 0; i < k.longestLength; i++) {
        long element = versionAt(k, i);
        int w = k.values.writer(element);
        if (w == NONE) continue;
        Txn writer = txns.get(w);
        if (writer.failed() && aborted == null) {
          aborted = writer;
          abortedValue = element;
        } else if (!writer.failed() && aborted != null) {
          anomalies.add(Anomaly.of("dirty-update", List.of(aborted, writer), "in key " + Values.show(key) + "'s version order "
              + Values.show(longestShown(k)) + ", " + writer.name() + "'s append of " + Values.show(codes.value(element)) + " follows "
              + aborted.describe() + "'s append of " + Values.show(codes.value(abortedValue)) + ", although " + aborted.name() + " failed"));
          return;
        }
      }
    });
  }

  /** Two committed transactions that read the same version of a key, then both appended to it. */
  private void lostUpdates() {
    record Version(Key key, boolean initial, long last) {}
    Map<Version, Txn> firstReaders = new HashMap<>();
    Set<Version> reported = new HashSet<>();
    for (Txn t : txns) {
      if (!t.committed()) continue;
      for (int i = 0, n = mopCount(t); i < n; i++) {
        int m = at(t, i);
        if (kind[m] == READ) continue;
        Key key = keyOf[m];
        // The first micro-op on this key, when it is a read, tells the version this append builds on.
        int first = NONE;
        for (int j = 0; j < i && first == NONE; j++) if (keyOf[at(t, j)] == key) first = at(t, j);
        if (first == NONE || kind[first] != READ || appendedBefore(t, i, key)) continue;
        boolean initial = readLength(first) == 0;
        Version v = new Version(key, initial, initial ? 0 : lastElement(first));
        Txn other = first(firstReaders, v, t);
        if (other != null && reported.add(v)) {
          String seen = initial ? "in its initial state" : "ending at " + Values.show(codes.value(v.last()));
          anomalies.add(Anomaly.of("lost-update", List.of(other, t), other.name() + " and " + t.name() + " both read key "
              + Values.show(key.name) + " " + seen + ", then both appended to it: one of them did not see the other's update"));
        }
      }
    }
  }

  /** Whether a micro-op before {@code i} already appended to {@code key} (so the append at i is not the first). */
  private boolean appendedBefore(Txn t, int i, Key key) {
    for (int j = 0; j < i; j++) if (kind[at(t, j)] == APPEND && keyOf[at(t, j)] == key) return true;
    return false;
  }

  private static <K> Txn first(Map<K, Txn> firsts, K key, Txn t) {
    Txn other = firsts.putIfAbsent(key, t);
    return other == null || other == t ? null : other;
  }

  /**
   * The edges. A failed transaction never happened, so it has no place in any order: no edge leads
   * to or from it (its appends in a read are G1a, in the version order a dirty update). A read
   * ending at an append its writer followed with another to the same key saw a version that never
   * existed outside that writer: it is G1b, and orders nothing. A read after its own transaction's
   * append to the key orders nothing either.
   */
  private void dependencies() {
    keys.forEach((key, k) -> {
      for (int i = 0; i + 1 < k.longestLength; i++) {
        int a = k.values.writer(versionAt(k, i)), b = k.values.writer(versionAt(k, i + 1));
        if (happened(a) && happened(b)) edges.add(DepType.WW, a, b);
      }
      int last = k.longestLength == 0 ? NONE : k.values.writer(versionAt(k, k.longestLength - 1));
      if (happened(last)) for (int u = 0; u < k.unobservedCount; u++) edges.add(DepType.WW, last, k.values.writer(k.unobserved[u]));
    });
    for (Txn t : txns) {
      if (!t.committed()) continue;
      for (int j = 0, n = mopCount(t); j < n; j++) {
        int at = at(t, j);
        // Only external reads order transactions, as in Elle: a read after the transaction's own
        // append to the key shows that append, not what another transaction left (it is checked
        // against the transaction's own steps as "internal").
        if (kind[at] != READ || intermediate(t, at) || appendedBefore(t, j, keyOf[at])) continue;
        Key k = keyOf[at];
        int next;
        if (readLength(at) == 0) {
          next = 0;
        } else {
          int found = k.values.find(lastElement(at));
          int w = k.values.writerAt(found);
          if (happened(w)) edges.add(DepType.WR, w, t.id());
          int position = k.values.positionAt(found);
          next = position == NONE ? -1 : position + 1;
        }
        if (next >= 0 && next < k.longestLength) {
          int w = k.values.writer(versionAt(k, next));
          if (happened(w)) edges.add(DepType.RW, t.id(), w);
        } else if (next == k.longestLength) {
          for (int u = 0; u < k.unobservedCount; u++) edges.add(DepType.RW, t.id(), k.values.writer(k.unobserved[u]));
        }
      }
    }
  }

  /** Whether a writer is a transaction that did not fail. */
  private boolean happened(int writer) {
    return writer != NONE && !txns.get(writer).failed();
  }

  /** Whether t's read at {@code at} ends at another transaction's intermediate append (a G1b read). */
  private boolean intermediate(Txn t, int at) {
    if (readLength(at) == 0) return false;
    long last = lastElement(at);
    Key k = keyOf[at];
    int w = k.values.writer(last);
    if (w == NONE || w == t.id()) return false;
    Txn writer = txns.get(w);
    return laterAppend(writer, k, appendIndex(writer, k, last)) != NONE;
  }

  @Override
  public Step explain(Txn a, Txn b, DepType type) {
    switch (type) {
      case WW -> {
        for (int j = 0, n = mopCount(a); j < n; j++) {
          int m = at(a, j);
          if (kind[m] != APPEND) continue;
          Key k = keyOf[m];
          int position = k.values.position(value[m]);
          if (position == NONE) continue;
          int next = next(k, position, b);
          if (next != NONE) return new Step(a, b, type, k.name, codes.value(value[m]), nextValue(k, next));
        }
      }
      case WR -> {
        for (int j = 0, n = mopCount(b); j < n; j++) {
          int m = at(b, j);
          if (kind[m] != READ || readLength(m) == 0 || !b.committed() || intermediate(b, m)) continue;
          long last = lastElement(m);
          if (keyOf[m].values.writer(last) == a.id()) return new Step(a, b, type, keyOf[m].name, codes.value(last), null);
        }
      }
      case RW -> {
        for (int j = 0, n = mopCount(a); j < n; j++) {
          int m = at(a, j);
          if (kind[m] != READ || !a.committed() || intermediate(a, m)) continue;
          Key k = keyOf[m];
          int position = -1; // an empty read: before the first element
          if (readLength(m) > 0) {
            position = k.values.position(lastElement(m));
            if (position == NONE) continue;
          }
          int next = next(k, position, b);
          if (next != NONE) return new Step(a, b, type, k.name, readLength(m) == 0 ? null : codes.value(lastElement(m)), nextValue(k, next));
        }
      }
      default -> {
        return null;
      }
    }
    return null;
  }

  /**
   * Where b's append that follows position {@code at} of the key's version order (or comes after
   * all of it) is: a position of the version order, {@code -2 - u} for the u-th unobserved value,
   * or NONE.
   */
  private int next(Key k, int at, Txn b) {
    if (at + 1 < k.longestLength) return k.values.writer(versionAt(k, at + 1)) == b.id() ? at + 1 : NONE;
    for (int u = 0; u < k.unobservedCount; u++) if (k.values.writer(k.unobserved[u]) == b.id()) return -2 - u;
    return NONE;
  }

  /** The value {@link #next} found. */
  private Object nextValue(Key k, int where) {
    return codes.value(where >= 0 ? versionAt(k, where) : k.unobserved[-2 - where]);
  }
}
