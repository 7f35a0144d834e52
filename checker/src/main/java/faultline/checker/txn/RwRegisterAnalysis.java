package faultline.checker.txn;

import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Elle's rw-register inference. Every write to a key writes a value no other write does, so a read
 * names its writer (wr). A register's reads do not tell the order of its versions the way a
 * list's do; what is known of it: the initial state (nil) precedes every version, and, when
 * {@link KeyOrders} allows, a transaction's write follows the version it read, each process sees a
 * key's versions in order, and so does real time. Those orders form a version graph per key; a key
 * whose graph has a cycle is reported (cyclic-versions) and its order not used. Each edge v &lt; w
 * of a version graph gives ww (v's writer precedes w's) and rw (every reader of v precedes w's
 * writer).
 *
 * <p>Beside the graph, as for lists: aborted reads (G1a), intermediate reads (G1b), internal
 * inconsistency, future reads, lost updates, and values nobody wrote (garbage reads).
 */
final class RwRegisterAnalysis implements Inference {
  /** The initial state of every register (nil). */
  private static final Object INITIAL = new Object() {
    @Override
    public String toString() {
      return "nil";
    }
  };

  private static final class Key {
    final Map<Object, Integer> writer = new HashMap<>();
    final Map<Object, List<Integer>> readers = new HashMap<>();
    /** The version graph: each version and those known to follow it. */
    final Map<Object, Set<Object>> after = new LinkedHashMap<>();
    boolean cyclic;
  }

  private final List<Txn> txns;
  private final Map<Object, Key> keys = new LinkedHashMap<>();
  private final List<Anomaly> anomalies = new ArrayList<>();
  private final DependencyGraph.Builder edges;

  private RwRegisterAnalysis(List<Txn> txns) {
    this.txns = txns;
    this.edges = new DependencyGraph.Builder(txns.size());
  }

  static RwRegisterAnalysis of(TxnHistory history, KeyOrders orders) throws MalformedHistoryException {
    RwRegisterAnalysis a = new RwRegisterAnalysis(history.txns());
    a.indexWrites(history);
    a.reads();
    a.versionGraphs(history, orders);
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
    return false;
  }

  private Key key(Object k) {
    return keys.computeIfAbsent(k, x -> new Key());
  }

  private void indexWrites(TxnHistory history) throws MalformedHistoryException {
    for (Txn t : txns) {
      for (MicroOp m : t.mops()) {
        if (m.kind() == MicroOp.Kind.APPEND || (m.isRead() && m.value() instanceof List<?>)) {
          throw new MalformedHistoryException(history.source(), t.line(),
              "micro-op " + m + " is a list operation, but this is an rw-register history (use --model list-append)");
        }
        if (m.kind() != MicroOp.Kind.WRITE) continue;
        if (m.value() == null) {
          throw new MalformedHistoryException(history.source(), t.line(), "micro-op " + m + " writes nil, the initial state");
        }
        Integer earlier = key(m.key()).writer.put(m.value(), t.id());
        if (earlier != null) {
          throw new MalformedHistoryException(history.source(), t.line(), "the write of " + Values.show(m.value())
              + " to key " + Values.show(m.key()) + " was already made by " + txns.get(earlier).describe()
              + " (line " + txns.get(earlier).line() + "); rw-register needs every written value unique per key");
        }
      }
    }
  }

  /** The version a transaction first read of a key, before writing it (its external read), or null. */
  private static Object externalRead(Txn t, Object key) {
    for (MicroOp m : t.mops()) {
      if (!Objects.equals(m.key(), key)) continue;
      return m.isRead() ? version(m.value()) : null;
    }
    return null;
  }

  private static Object version(Object value) {
    return value == null ? INITIAL : value;
  }

  /** Its last write of the key, or null. */
  private static Object finalWrite(Txn t, Object key) {
    Object last = null;
    for (MicroOp m : t.mops()) if (m.kind() == MicroOp.Kind.WRITE && Objects.equals(m.key(), key)) last = m.value();
    return last;
  }

  private void reads() {
    Map<List<Object>, Txn> lostUpdate = new HashMap<>();
    Set<List<Object>> reported = new HashSet<>();
    for (Txn t : txns) {
      if (!t.committed()) continue;
      List<MicroOp> mops = t.mops();
      Map<Object, Object> known = new HashMap<>(); // key -> what this transaction last read or wrote
      Set<Object> wrote = new HashSet<>();
      for (int i = 0; i < mops.size(); i++) {
        MicroOp m = mops.get(i);
        Key k = key(m.key());
        if (m.kind() == MicroOp.Kind.WRITE) {
          if (!wrote.contains(m.key()) && known.containsKey(m.key())) {
            List<Object> v = List.of(m.key(), known.get(m.key()));
            Txn other = lostUpdate.putIfAbsent(v, t);
            if (other != null && other != t && reported.add(v)) {
              anomalies.add(Anomaly.of("lost-update", List.of(other, t), other.name() + " and " + t.name() + " both read key "
                  + Values.show(m.key()) + " as " + Values.show(known.get(m.key())) + ", then both wrote it: one of them did not see the other's update"));
            }
          }
          wrote.add(m.key());
          known.put(m.key(), version(m.value()));
          continue;
        }
        Object v = version(m.value());
        if (known.containsKey(m.key()) && !known.get(m.key()).equals(v)) {
          anomalies.add(Anomaly.of("internal", List.of(t), t.name() + "'s micro-op " + (i + 1) + " read key " + Values.show(m.key())
              + " as " + Values.show(m.value()) + ", but its own earlier micro-ops imply " + known.get(m.key())));
        }
        boolean external = !known.containsKey(m.key());
        known.put(m.key(), v);
        if (v == INITIAL) {
          if (external) k.readers.computeIfAbsent(INITIAL, x -> new ArrayList<>()).add(t.id());
          continue;
        }
        Integer w = k.writer.get(v);
        if (w == null) {
          anomalies.add(Anomaly.of("garbage-read", List.of(t), t.name() + " read " + Values.show(v) + " in key "
              + Values.show(m.key()) + ", which no transaction wrote"));
          continue;
        }
        Txn writer = txns.get(w);
        if (writer.failed()) {
          anomalies.add(Anomaly.of("G1a", List.of(t, writer), t.name() + " read key " + Values.show(m.key()) + " as " + Values.show(v)
              + ", written by " + writer.describe() + ", which failed (an aborted read)"));
          continue;
        }
        if (writer == t) {
          if (external) {
            anomalies.add(Anomaly.of("future-read", List.of(t), t.name() + " read key " + Values.show(m.key()) + " as "
                + Values.show(v) + ", which it wrote only later"));
          }
          continue;
        }
        if (!Objects.equals(finalWrite(writer, m.key()), v)) {
          anomalies.add(Anomaly.of("G1b", List.of(t, writer), t.name() + " read key " + Values.show(m.key()) + " as " + Values.show(v)
              + ", but " + writer.name() + " wrote " + Values.show(finalWrite(writer, m.key())) + " to it afterwards (an intermediate read)"));
        }
        if (external) k.readers.computeIfAbsent(v, x -> new ArrayList<>()).add(t.id());
      }
    }
  }

  /** Whether a version may order others: the initial state, or a write that committed or was read. */
  private boolean happened(Key k, Object v) {
    if (v == INITIAL) return true;
    Integer w = k.writer.get(v);
    return w != null && (txns.get(w).committed() || (k.readers.containsKey(v) && !txns.get(w).failed()));
  }

  private void order(Object key, Object v, Object w) {
    Key k = keys.get(key);
    if (v == null || w == null || v.equals(w) || !happened(k, v) || !happened(k, w)) return;
    k.after.computeIfAbsent(v, x -> new LinkedHashSet<>()).add(w);
  }

  private void versionGraphs(TxnHistory history, KeyOrders orders) {
    keys.forEach((key, k) -> {
      for (Object v : k.writer.keySet()) order(key, INITIAL, v);
    });
    if (orders.writesFollowReads()) {
      for (Txn t : txns) {
        if (!t.committed()) continue;
        for (Object key : keysOf(t)) order(key, externalRead(t, key), finalWrite(t, key));
      }
    }
    if (orders.sequential()) {
      Map<Object, Map<Object, Txn>> lastByProcess = new HashMap<>();
      for (Txn t : txns) {
        if (!t.committed()) continue;
        Map<Object, Txn> last = lastByProcess.computeIfAbsent(t.process(), x -> new HashMap<>());
        for (Object key : keysOf(t)) {
          Txn before = last.put(key, t);
          if (before != null) order(key, endVersion(before, key), beginVersion(t, key));
        }
      }
    }
    if (orders.linearizable() && history.hasRealTime()) {
      // Per key, the transactions in order of completion; each one invoked after another completed follows it.
      // Quadratic per key at worst, bounded by each key's transactions.
      Map<Object, List<Txn>> byKey = new HashMap<>();
      for (Txn t : txns) if (t.committed()) for (Object key : keysOf(t)) byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(t);
      byKey.forEach((key, list) -> {
        for (Txn a : list) for (Txn b : list) if (a != b && a.complete() < b.invoke()) order(key, endVersion(a, key), beginVersion(b, key));
      });
    }
    keys.forEach((key, k) -> {
      List<Object> cycle = versionCycle(k);
      if (cycle == null) return;
      k.cyclic = true;
      anomalies.add(Anomaly.of("cyclic-versions", List.of(), "the versions of key " + Values.show(key) + " are ordered in a cycle, "
          + String.join(" < ", cycle.stream().map(v -> v == INITIAL ? "nil" : Values.show(v)).toList()) + ", so that order is not used"));
    });
  }

  private static Set<Object> keysOf(Txn t) {
    Set<Object> out = new LinkedHashSet<>();
    for (MicroOp m : t.mops()) out.add(m.key());
    return out;
  }

  private static Object endVersion(Txn t, Object key) {
    Object w = finalWrite(t, key);
    if (w != null) return w;
    Object last = null;
    for (MicroOp m : t.mops()) if (m.isRead() && Objects.equals(m.key(), key)) last = version(m.value());
    return last;
  }

  private static Object beginVersion(Txn t, Object key) {
    for (MicroOp m : t.mops()) if (Objects.equals(m.key(), key)) return m.isRead() ? version(m.value()) : m.value();
    return null;
  }

  /** A cycle of the key's version graph, or null (depth-first, colours). */
  private static List<Object> versionCycle(Key k) {
    Map<Object, Integer> colour = new HashMap<>();
    List<Object> path = new ArrayList<>();
    for (Object start : k.after.keySet()) {
      List<Object> c = dfs(k, start, colour, path);
      if (c != null) return c;
    }
    return null;
  }

  private static List<Object> dfs(Key k, Object v, Map<Object, Integer> colour, List<Object> path) {
    Integer c = colour.get(v);
    if (c != null && c == 2) return null;
    if (c != null && c == 1) {
      List<Object> cycle = new ArrayList<>(path.subList(path.indexOf(v), path.size()));
      cycle.add(v);
      return cycle;
    }
    colour.put(v, 1);
    path.add(v);
    for (Object w : k.after.getOrDefault(v, Set.of())) {
      List<Object> found = dfs(k, w, colour, path);
      if (found != null) return found;
    }
    path.remove(path.size() - 1);
    colour.put(v, 2);
    return null;
  }

  private void dependencies() {
    keys.forEach((key, k) -> {
      k.readers.forEach((v, readers) -> {
        if (v == INITIAL) return;
        Integer w = k.writer.get(v);
        if (w != null && !txns.get(w).failed()) for (int r : readers) edges.add(DepType.WR, w, r);
      });
      if (k.cyclic) return;
      k.after.forEach((v, later) -> {
        Integer wv = v == INITIAL ? null : k.writer.get(v);
        for (Object w : later) {
          int ww = k.writer.get(w);
          if (wv != null) edges.add(DepType.WW, wv, ww);
          for (int r : k.readers.getOrDefault(v, List.of())) edges.add(DepType.RW, r, ww);
        }
      });
    });
  }

  @Override
  public Step explain(Txn a, Txn b, DepType type) {
    for (Object key : keysOf(type == DepType.WR ? b : a)) {
      {
        Key k = keys.get(key);
        switch (type) {
          case WR -> {
            Object v = externalRead(b, key);
            if (v != null && v != INITIAL && Objects.equals(k.writer.get(v), a.id())) return new Step(a, b, type, key, v, null);
          }
          case WW -> {
            for (Map.Entry<Object, Set<Object>> o : k.after.entrySet()) {
              if (o.getKey() == INITIAL || !Objects.equals(k.writer.get(o.getKey()), a.id())) continue;
              for (Object w : o.getValue()) if (k.writer.get(w) == b.id()) return new Step(a, b, type, key, o.getKey(), w);
            }
          }
          case RW -> {
            Object v = externalRead(a, key);
            if (v == null || k.cyclic) break;
            for (Object w : k.after.getOrDefault(v, Set.of())) {
              if (k.writer.get(w) == b.id()) return new Step(a, b, type, key, v == INITIAL ? null : v, w);
            }
          }
          default -> {
            return null;
          }
        }
      }
    }
    return null;
  }
}
