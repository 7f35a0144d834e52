package faultline.checker.txn;

import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Beside the graph: aborted reads (G1a, an element a failed transaction appended), intermediate
 * reads (G1b, a read ending at an append its writer followed with another to the same key),
 * internal inconsistency (a read that disagrees with its own transaction's earlier steps),
 * duplicate elements, future reads (a transaction seeing its own later append), dirty updates (a
 * failed append followed by committed ones in the version order), lost updates (two committed
 * transactions read the same version of a key and both appended to it), and elements nobody
 * appended (garbage reads).
 */
final class ListAppendAnalysis implements Inference {
  /** A key's writers and version order. */
  private static final class Key {
    /** Each appended value's writer and position in the version order. */
    final ValueIndex values = new ValueIndex();
    List<Object> longest = List.of();
    /** The first position of the version order holding an element nobody or a failed transaction appended, or a repeat. */
    int firstBad = Integer.MAX_VALUE;
    /**
     * Values committed transactions appended that no read saw. Each came after the whole version
     * order (a read holding the last element would hold it too, were it earlier), in an order nobody
     * knows.
     */
    final List<Object> unobserved = new ArrayList<>();
  }

  private static final int NONE = ValueIndex.NONE;
  private final List<Txn> txns;
  private final Map<Object, Key> keys = new HashMap<>();
  private final List<Anomaly> anomalies = new ArrayList<>();
  private final DependencyGraph.Builder edges;

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

  /**
   * Every micro-op's key state, resolved once: micro-op j of transaction t is at
   * {@code keyOf[firstMop[t] + j]} (each later pass would otherwise look its key up again).
   */
  private Key[] keyOf;
  private int[] firstMop;

  private Key keyAt(Txn t, int j) {
    return keyOf[firstMop[t.id()] + j];
  }

  private void indexWrites(TxnHistory history) throws MalformedHistoryException {
    firstMop = new int[txns.size() + 1];
    for (Txn t : txns) firstMop[t.id() + 1] = firstMop[t.id()] + t.mops().size();
    keyOf = new Key[firstMop[txns.size()]];
    for (Txn t : txns) {
      List<MicroOp> mops = t.mops();
      for (int j = 0; j < mops.size(); j++) {
        MicroOp m = mops.get(j);
        Key k = keyOf[firstMop[t.id()] + j] = key(m.key());
        if (m.kind() == MicroOp.Kind.WRITE) {
          throw new MalformedHistoryException(history.history().source(), t.line(),
              "micro-op " + m + " is a register write, but this is a list-append history (use --model rw-register)");
        }
        if (m.isRead() && m.value() != null && !(m.value() instanceof List<?>)) {
          throw new MalformedHistoryException(history.history().source(), t.line(),
              "micro-op " + m + " reads a single value, but list-append reads return lists (use --model rw-register)");
        }
        if (m.kind() != MicroOp.Kind.APPEND) continue;
        int earlier = k.values.putWriter(m.value(), t.id());
        if (earlier != NONE) {
          throw new MalformedHistoryException(history.history().source(), t.line(), "the append of " + Values.show(m.value())
              + " to key " + Values.show(m.key()) + " was already made by " + txns.get(earlier).describe()
              + " (line " + txns.get(earlier).line() + "); list-append needs every appended value unique per key");
        }
      }
    }
  }

  private Key key(Object k) {
    return keys.computeIfAbsent(k, x -> new Key());
  }

  private void versionOrders() {
    for (Txn t : txns) {
      if (!t.committed()) continue;
      List<MicroOp> mops = t.mops();
      for (int j = 0; j < mops.size(); j++) {
        MicroOp m = mops.get(j);
        if (!m.isRead()) continue;
        Key k = keyAt(t, j);
        if (m.list().size() > k.longest.size()) k.longest = m.list();
      }
    }
    for (Key k : keys.values()) {
      for (int i = 0; i < k.longest.size(); i++) {
        Object element = k.longest.get(i);
        int at = k.values.find(element);
        int w = k.values.writerAt(at);
        boolean repeat = w != NONE && k.values.positionAt(at) != NONE;
        if (w != NONE && !repeat) k.values.setPositionAt(at, i);
        if ((w == NONE || txns.get(w).failed() || repeat) && k.firstBad == Integer.MAX_VALUE) k.firstBad = i;
      }
      k.values.forEach((value, w) -> {
        if (txns.get(w).committed() && k.values.position(value) == NONE) k.unobserved.add(value);
      });
    }
  }

  private void readAnomalies() {
    Set<Object> incompatibleReported = new HashSet<>();
    for (Txn t : txns) {
      if (!t.committed()) continue;
      List<MicroOp> mops = t.mops();
      for (int i = 0; i < mops.size(); i++) {
        MicroOp m = mops.get(i);
        if (!m.isRead()) continue;
        List<Object> read = m.list();
        Key k = keyAt(t, i);
        internal(t, i);
        boolean prefix = isPrefix(read, k.longest);
        // A prefix of the version order holds nothing its longest read does not: its elements were
        // checked once per key (firstBad); only other reads are scanned element by element.
        if ((!prefix || read.size() > k.firstBad) && read.size() > 1 && new HashSet<>(read).size() < read.size()) {
          anomalies.add(Anomaly.of("duplicate-elements", List.of(t),
              t.name() + " read key " + Values.show(m.key()) + " as " + Values.show(read) + ", in which an element appears more than once"));
        }
        if (!prefix && incompatibleReported.add(m.key())) {
          Txn longest = longestReader(m.key(), k.longest);
          anomalies.add(Anomaly.of("incompatible-order", longest == null ? List.of(t) : List.of(t, longest),
              t.name() + " read key " + Values.show(m.key()) + " as " + Values.show(read) + ", but "
                  + (longest == null ? "another read" : longest.name()) + " read it as " + Values.show(k.longest)
                  + ": neither is a prefix of the other, so no single order of appends explains both"));
        }
        if (!prefix || read.size() > k.firstBad) {
          for (Object element : read) {
            int w = k.values.writer(element);
            if (w == NONE) {
              anomalies.add(Anomaly.of("garbage-read", List.of(t), t.name() + " read " + Values.show(element) + " in key "
                  + Values.show(m.key()) + ", which no transaction appended"));
            } else if (txns.get(w).failed()) {
              anomalies.add(Anomaly.of("G1a", List.of(t, txns.get(w)), t.name() + " read key " + Values.show(m.key()) + " as "
                  + Values.show(read) + ", which holds " + Values.show(element) + ", appended by " + txns.get(w).describe()
                  + ", which failed (an aborted read)"));
            }
          }
        }
        for (int j = i + 1; j < mops.size(); j++) {
          MicroOp later = mops.get(j);
          if (later.kind() == MicroOp.Kind.APPEND && Objects.equals(later.key(), m.key()) && read.contains(later.value())) {
            anomalies.add(Anomaly.of("future-read", List.of(t), t.name() + " read key " + Values.show(m.key()) + " as "
                + Values.show(read) + ", which holds " + Values.show(later.value()) + ", which it appended only later"));
          }
        }
        if (!read.isEmpty()) {
          Object last = read.get(read.size() - 1);
          int w = k.values.writer(last);
          if (w != NONE && w != t.id() && !txns.get(w).failed()) {
            Txn writer = txns.get(w);
            int at = appendIndex(writer, m.key(), last);
            Object later = laterAppend(writer, m.key(), at);
            if (later != null) {
              anomalies.add(Anomaly.of("G1b", List.of(t, writer), t.name() + " read key " + Values.show(m.key()) + " as "
                  + Values.show(read) + ", ending at " + writer.name() + "'s append of " + Values.show(last) + ", but "
                  + writer.name() + " appended " + Values.show(later) + " to it afterwards (an intermediate read)"));
            }
          }
        }
      }
    }
  }

  /** Whether the read at {@code i} agrees with what its own transaction did to the key before it. */
  private void internal(Txn t, int i) {
    List<MicroOp> mops = t.mops();
    MicroOp read = mops.get(i);
    boolean earlier = false;
    for (int j = 0; j < i && !earlier; j++) earlier = Objects.equals(mops.get(j).key(), read.key());
    if (!earlier) return;
    List<Object> known = null; // the whole list, when an earlier read told it
    List<Object> appended = new ArrayList<>(); // appends since then (or since the start)
    for (int j = 0; j < i; j++) {
      MicroOp m = mops.get(j);
      if (!Objects.equals(m.key(), read.key())) continue;
      if (m.isRead()) {
        known = m.list();
        appended.clear();
      } else {
        appended.add(m.value());
      }
    }
    if (known == null && appended.isEmpty()) return;
    List<Object> got = read.list();
    boolean ok;
    String expected;
    if (known != null) {
      List<Object> want = new ArrayList<>(known);
      want.addAll(appended);
      ok = want.equals(got);
      expected = Values.show(want);
    } else {
      ok = got.size() >= appended.size() && got.subList(got.size() - appended.size(), got.size()).equals(appended);
      expected = "a list ending with " + Values.show(appended);
    }
    if (!ok) {
      anomalies.add(Anomaly.of("internal", List.of(t), t.name() + "'s micro-op " + (i + 1) + " read key " + Values.show(read.key())
          + " as " + Values.show(got) + ", but its own earlier micro-ops imply " + expected));
    }
  }

  private static boolean isPrefix(List<Object> read, List<Object> longest) {
    if (read.size() > longest.size()) return false;
    for (int i = 0; i < read.size(); i++) if (!Objects.equals(read.get(i), longest.get(i))) return false;
    return true;
  }

  private Txn longestReader(Object key, List<Object> longest) {
    for (Txn t : txns) {
      if (!t.committed()) continue;
      for (MicroOp m : t.mops()) if (m.isRead() && Objects.equals(m.key(), key) && m.value() == longest) return t;
    }
    return null;
  }

  private static int appendIndex(Txn t, Object key, Object value) {
    List<MicroOp> mops = t.mops();
    for (int j = 0; j < mops.size(); j++) {
      MicroOp m = mops.get(j);
      if (m.kind() == MicroOp.Kind.APPEND && Objects.equals(m.key(), key) && Objects.equals(m.value(), value)) return j;
    }
    return -1;
  }

  private static Object laterAppend(Txn t, Object key, int after) {
    List<MicroOp> mops = t.mops();
    for (int j = after + 1; j < mops.size(); j++) {
      MicroOp m = mops.get(j);
      if (m.kind() == MicroOp.Kind.APPEND && Objects.equals(m.key(), key)) return m.value();
    }
    return null;
  }

  /** A failed transaction's append, followed in the version order by appends that may have committed. */
  private void dirtyUpdates() {
    keys.forEach((key, k) -> {
      Txn aborted = null;
      Object abortedValue = null;
      for (Object element : k.longest) {
        int w = k.values.writer(element);
        if (w == NONE) continue;
        Txn writer = txns.get(w);
        if (writer.failed() && aborted == null) {
          aborted = writer;
          abortedValue = element;
        } else if (!writer.failed() && aborted != null) {
          anomalies.add(Anomaly.of("dirty-update", List.of(aborted, writer), "in key " + Values.show(key) + "'s version order "
              + Values.show(k.longest) + ", " + writer.name() + "'s append of " + Values.show(element) + " follows "
              + aborted.describe() + "'s append of " + Values.show(abortedValue) + ", although " + aborted.name() + " failed"));
          return;
        }
      }
    });
  }

  /** Two committed transactions that read the same version of a key, then both appended to it. */
  private void lostUpdates() {
    record Version(Object key, Object last) {}
    Map<Version, Txn> firstReaders = new HashMap<>();
    Set<Version> reported = new HashSet<>();
    Object initial = new Object() {
      @Override
      public String toString() {
        return "initial";
      }
    };
    for (Txn t : txns) {
      if (!t.committed()) continue;
      List<MicroOp> mops = t.mops();
      for (int i = 0; i < mops.size(); i++) {
        MicroOp m = mops.get(i);
        if (m.isRead()) continue;
        // The first micro-op on this key, when it is a read, tells the version this append builds on.
        MicroOp first = null;
        for (int j = 0; j < i && first == null; j++) if (Objects.equals(mops.get(j).key(), m.key())) first = mops.get(j);
        if (first == null || !first.isRead() || appendedBefore(mops, i, m.key())) continue;
        Object version = first.list().isEmpty() ? initial : first.list().get(first.list().size() - 1);
        Version v = new Version(m.key(), version);
        Txn other = first(firstReaders, v, t);
        if (other != null && reported.add(v)) {
          String seen = version == initial ? "in its initial state" : "ending at " + Values.show(version);
          anomalies.add(Anomaly.of("lost-update", List.of(other, t), other.name() + " and " + t.name() + " both read key "
              + Values.show(m.key()) + " " + seen + ", then both appended to it: one of them did not see the other's update"));
        }
      }
    }
  }

  /** Whether a micro-op before {@code i} already appended to {@code key} (so the append at i is not the first). */
  private static boolean appendedBefore(List<MicroOp> mops, int i, Object key) {
    for (int j = 0; j < i; j++) if (mops.get(j).kind() == MicroOp.Kind.APPEND && Objects.equals(mops.get(j).key(), key)) return true;
    return false;
  }

  private static <K> Txn first(Map<K, Txn> firsts, K key, Txn t) {
    Txn other = firsts.putIfAbsent(key, t);
    return other == null || other == t ? null : other;
  }

  private void dependencies() {
    keys.forEach((key, k) -> {
      List<Object> order = k.longest;
      for (int i = 0; i + 1 < order.size(); i++) {
        int a = k.values.writer(order.get(i)), b = k.values.writer(order.get(i + 1));
        if (a != NONE && b != NONE) edges.add(DepType.WW, a, b);
      }
      int last = order.isEmpty() ? NONE : k.values.writer(order.get(order.size() - 1));
      if (last != NONE) for (Object v : k.unobserved) edges.add(DepType.WW, last, k.values.writer(v));
    });
    for (Txn t : txns) {
      if (!t.committed()) continue;
      List<MicroOp> mops = t.mops();
      for (int j = 0; j < mops.size(); j++) {
        MicroOp m = mops.get(j);
        if (!m.isRead()) continue;
        Key k = keyAt(t, j);
        List<Object> read = m.list();
        int next;
        if (read.isEmpty()) {
          next = 0;
        } else {
          Object last = read.get(read.size() - 1);
          int found = k.values.find(last);
          int w = k.values.writerAt(found);
          if (w != NONE) edges.add(DepType.WR, w, t.id());
          int at = k.values.positionAt(found);
          next = at == NONE ? -1 : at + 1;
        }
        if (next >= 0 && next < k.longest.size()) {
          int w = k.values.writer(k.longest.get(next));
          if (w != NONE) edges.add(DepType.RW, t.id(), w);
        } else if (next == k.longest.size()) {
          for (Object v : k.unobserved) edges.add(DepType.RW, t.id(), k.values.writer(v));
        }
      }
    }
  }

  @Override
  public Step explain(Txn a, Txn b, DepType type) {
    switch (type) {
      case WW -> {
        for (MicroOp m : a.mops()) {
          if (m.kind() != MicroOp.Kind.APPEND) continue;
          Key k = keys.get(m.key());
          int at = k.values.position(m.value());
          if (at == NONE) continue;
          Object next = next(k, at, b);
          if (next != null) return new Step(a, b, type, m.key(), m.value(), next);
        }
      }
      case WR -> {
        for (MicroOp m : b.mops()) {
          if (!m.isRead() || m.list().isEmpty() || !b.committed()) continue;
          Object last = m.list().get(m.list().size() - 1);
          if (keys.get(m.key()).values.writer(last) == a.id()) return new Step(a, b, type, m.key(), last, null);
        }
      }
      case RW -> {
        for (MicroOp m : a.mops()) {
          if (!m.isRead() || !a.committed()) continue;
          Key k = keys.get(m.key());
          List<Object> read = m.list();
          Object last = read.isEmpty() ? null : read.get(read.size() - 1);
          int at = -1; // an empty read: before the first element
          if (last != null) {
            at = k.values.position(last);
            if (at == NONE) continue;
          }
          Object next = next(k, at, b);
          if (next != null) return new Step(a, b, type, m.key(), last, next);
        }
      }
      default -> {
        return null;
      }
    }
    return null;
  }

  /** b's append that follows position {@code at} of the key's version order (or comes after all of it), or null. */
  private static Object next(Key k, int at, Txn b) {
    if (at + 1 < k.longest.size()) {
      Object next = k.longest.get(at + 1);
      return k.values.writer(next) == b.id() ? next : null;
    }
    for (Object v : k.unobserved) if (k.values.writer(v) == b.id()) return v;
    return null;
  }
}
