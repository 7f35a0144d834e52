package faultline.checker.txn;

import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
 * key's versions in order, and so does real time. Those orders form a version graph per key. Each
 * assumed order is a source, added in turn; a source that makes any key's graph cyclic is refuted
 * (cyclic-versions) and dropped for every key, as Elle drops it, while the initial state's order,
 * which assumes nothing, stays. Each edge v &lt; w of a version graph gives ww (v's writer precedes
 * w's) and rw (every reader of v precedes w's writer).
 *
 * <p>A version is what a transaction that did not fail installed: its last write to the key. A
 * failed transaction's writes and a transaction's intermediate writes never existed outside it, so
 * they order nothing, and a read of one is an anomaly (G1a, G1b) and no edge.
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
  }

  /** The orders of versions beyond the initial state's, in the order they are added and tested. */
  private enum Source {
    WFR("--wfr-keys"), SEQUENTIAL("--sequential-keys"), LINEARIZABLE("--linearizable-keys");

    final String flag;

    Source(String flag) {
      this.flag = flag;
    }
  }

  /** One version edge a source added (removed again when the source is refuted). */
  private record Added(Key key, Object v, Object w) {}

  private final List<Txn> txns;
  private final Map<Object, Key> keys = new LinkedHashMap<>();
  private final List<Anomaly> anomalies = new ArrayList<>();
  private final DependencyGraph.Builder edges;
  private final long deadline;
  /** The edges the source being added brought, null outside {@link #versionGraphs}. */
  private List<Added> added;
  /** Why a version order was not decided (out of time), or null. */
  private String undecidedReason;
  private long steps;

  private RwRegisterAnalysis(List<Txn> txns, long deadlineNanos) {
    this.txns = txns;
    this.edges = new DependencyGraph.Builder(txns.size());
    this.deadline = deadlineNanos;
  }

  static RwRegisterAnalysis of(TxnHistory history, KeyOrders orders) throws MalformedHistoryException {
    return of(history, orders, Long.MAX_VALUE);
  }

  /** @param deadlineNanos past it ({@link System#nanoTime}), an assumed order not yet tested is dropped and cyclic-versions left undecided */
  static RwRegisterAnalysis of(TxnHistory history, KeyOrders orders, long deadlineNanos) throws MalformedHistoryException {
    RwRegisterAnalysis a = new RwRegisterAnalysis(history.txns(), deadlineNanos);
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

  @Override
  public Set<String> undecided() {
    return undecidedReason == null ? Set.of() : Set.of("cyclic-versions");
  }

  @Override
  public String undecidedReason() {
    return undecidedReason;
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
          // The version read before the first write (its first micro-op on the key), whatever later reads saw.
          Object read = wrote.contains(m.key()) ? null : externalRead(t, m.key());
          if (read != null) {
            List<Object> v = List.of(m.key(), read);
            Txn other = lostUpdate.putIfAbsent(v, t);
            if (other != null && other != t && reported.add(v)) {
              anomalies.add(Anomaly.of("lost-update", List.of(other, t), other.name() + " and " + t.name() + " both read key "
                  + Values.show(m.key()) + " as " + Values.show(read) + ", then both wrote it: one of them did not see the other's update"));
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
          continue; // not a version: it orders nothing
        }
        if (external) k.readers.computeIfAbsent(v, x -> new ArrayList<>()).add(t.id());
      }
    }
  }

  /**
   * Whether a value is a version, which may order others: the initial state, or a transaction's
   * last write to the key, when the transaction committed, or crashed and was read.
   */
  private boolean isVersion(Object key, Key k, Object v) {
    if (v == INITIAL) return true;
    Integer w = k.writer.get(v);
    if (w == null || txns.get(w).failed() || !v.equals(finalWrite(txns.get(w), key))) return false;
    return txns.get(w).committed() || k.readers.containsKey(v);
  }

  private void order(Object key, Object v, Object w) {
    Key k = keys.get(key);
    if (v == null || w == null || v.equals(w) || !isVersion(key, k, v) || !isVersion(key, k, w)) return;
    if (k.after.computeIfAbsent(v, x -> new LinkedHashSet<>()).add(w) && added != null) added.add(new Added(k, v, w));
  }

  private void versionGraphs(TxnHistory history, KeyOrders orders) {
    keys.forEach((key, k) -> {
      for (Object v : k.writer.keySet()) order(key, INITIAL, v);
    });
    // Each assumed order in turn: kept when no key's graph has a cycle with it, else dropped for every key.
    for (Source source : Source.values()) {
      boolean on = switch (source) {
        case WFR -> orders.writesFollowReads();
        case SEQUENTIAL -> orders.sequential();
        case LINEARIZABLE -> orders.linearizable() && history.hasRealTime();
      };
      if (!on) continue;
      added = new ArrayList<>();
      try {
        add(source, history);
        refuteOrKeep(source);
      } catch (OutOfTime e) {
        undecidedReason = "the version order " + source.flag + " assumes was not checked for cycles within the time budget, so it was not used";
        drop();
        added = null;
        return;
      }
      added = null;
    }
  }

  private void add(Source source, TxnHistory history) {
    switch (source) {
      case WFR -> {
        for (Txn t : txns) {
          if (!t.committed()) continue;
          for (Object key : keysOf(t)) order(key, externalRead(t, key), finalWrite(t, key));
          tick();
        }
      }
      case SEQUENTIAL -> {
        Map<Object, Map<Object, Txn>> lastByProcess = new HashMap<>();
        for (Txn t : txns) {
          if (!t.committed()) continue;
          Map<Object, Txn> last = lastByProcess.computeIfAbsent(t.process(), x -> new HashMap<>());
          for (Object key : keysOf(t)) {
            Txn before = last.put(key, t);
            if (before != null) order(key, endVersion(before, key), beginVersion(t, key));
          }
          tick();
        }
      }
      case LINEARIZABLE -> linearizable(history);
    }
  }

  /**
   * Real time per key, in about (concurrency) edges per transaction rather than one per pair: each
   * transaction follows the key's frontier when it began (those completed before, and not followed
   * by another that also did), and, within it, the version it ended with follows the one it began
   * with (both of its operations on a linearizable key, in its own order). A transaction that
   * completed before another began then reaches it through a chain of such steps.
   */
  private void linearizable(TxnHistory history) {
    int[] events = history.realTimeEvents();
    int[] position = new int[2 * txns.size()]; // event position of each invocation (2id) and completion (2id+1)
    for (int i = 0; i < events.length; i++) position[events[i]] = i;
    Map<Object, List<Txn>> frontier = new HashMap<>();
    for (int e : events) {
      Txn t = txns.get(e >>> 1);
      if (!t.committed()) continue;
      for (Object key : keysOf(t)) {
        List<Txn> f = frontier.computeIfAbsent(key, x -> new ArrayList<>());
        if ((e & 1) == 0) {
          for (Txn before : f) order(key, endVersion(before, key), beginVersion(t, key));
        } else {
          order(key, beginVersion(t, key), endVersion(t, key));
          int invoked = position[2 * t.id()];
          f.removeIf(before -> position[2 * before.id() + 1] < invoked);
          f.add(t);
        }
      }
      tick();
    }
  }

  /** Reports each key the source's edges made cyclic and drops the source, or keeps it. */
  private void refuteOrKeep(Source source) {
    Set<Key> touched = new LinkedHashSet<>();
    for (Added a : added) touched.add(a.key());
    boolean refuted = false;
    for (Map.Entry<Object, Key> e : keys.entrySet()) {
      if (!touched.contains(e.getValue())) continue;
      List<Object> cycle = versionCycle(e.getValue());
      if (cycle == null) continue;
      refuted = true;
      anomalies.add(Anomaly.of("cyclic-versions", List.of(), "the versions of key " + Values.show(e.getKey()) + " are ordered in a cycle, "
          + String.join(" < ", cycle.stream().map(v -> v == INITIAL ? "nil" : Values.show(v)).toList()) + ", when ordered as "
          + source.flag + " assumes, so that order is not used for any key"));
    }
    if (refuted) drop();
  }

  /** Removes the edges of the source being added. */
  private void drop() {
    for (Added a : added) {
      Set<Object> later = a.key().after.get(a.v());
      later.remove(a.w());
      if (later.isEmpty()) a.key().after.remove(a.v());
    }
  }

  /** Past the deadline, checked every 1,024 steps. */
  private void tick() {
    if ((++steps & 1023) == 0 && deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) throw new OutOfTime();
  }

  private static final class OutOfTime extends RuntimeException {
    OutOfTime() {
      super(null, null, false, false);
    }
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

  /** The version it began with: what it first read, or, when it wrote first, the version it installed. */
  private static Object beginVersion(Txn t, Object key) {
    for (MicroOp m : t.mops()) if (Objects.equals(m.key(), key)) return m.isRead() ? version(m.value()) : finalWrite(t, key);
    return null;
  }

  /**
   * A cycle of the key's version graph, or null: depth-first with colours, on an explicit stack
   * (a chain of thousands of versions would overflow the call stack), so linear in the graph.
   */
  private List<Object> versionCycle(Key k) {
    Map<Object, Boolean> onPath = new HashMap<>(); // true: on the path now; false: done
    List<Object> path = new ArrayList<>();
    List<Iterator<Object>> next = new ArrayList<>();
    for (Object start : k.after.keySet()) {
      if (onPath.containsKey(start)) continue;
      onPath.put(start, true);
      path.add(start);
      next.add(k.after.get(start).iterator());
      while (!path.isEmpty()) {
        tick();
        Iterator<Object> it = next.get(next.size() - 1);
        if (!it.hasNext()) {
          onPath.put(path.remove(path.size() - 1), false);
          next.remove(next.size() - 1);
          continue;
        }
        Object w = it.next();
        Boolean state = onPath.get(w);
        if (state == null) {
          onPath.put(w, true);
          path.add(w);
          next.add(k.after.getOrDefault(w, Set.of()).iterator());
        } else if (state) {
          List<Object> cycle = new ArrayList<>(path.subList(path.indexOf(w), path.size()));
          cycle.add(w);
          return cycle;
        }
      }
    }
    return null;
  }

  private void dependencies() {
    keys.forEach((key, k) -> {
      k.readers.forEach((v, readers) -> {
        if (v == INITIAL) return;
        Integer w = k.writer.get(v);
        if (w != null && !txns.get(w).failed()) for (int r : readers) edges.add(DepType.WR, w, r);
      });
      k.after.forEach((v, later) -> {
        Integer wv = v == INITIAL ? null : k.writer.get(v);
        for (Object w : later) {
          Integer ww = k.writer.get(w);
          if (ww == null) continue; // before the initial state: only in a cycle, which was dropped
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
            if (v != null && v != INITIAL && Objects.equals(k.writer.get(v), a.id()) && v.equals(finalWrite(a, key))) {
              return new Step(a, b, type, key, v, null);
            }
          }
          case WW -> {
            for (Map.Entry<Object, Set<Object>> o : k.after.entrySet()) {
              if (o.getKey() == INITIAL || !Objects.equals(k.writer.get(o.getKey()), a.id())) continue;
              for (Object w : o.getValue()) if (Objects.equals(k.writer.get(w), b.id())) return new Step(a, b, type, key, o.getKey(), w);
            }
          }
          case RW -> {
            Object v = externalRead(a, key);
            if (v == null) break;
            for (Object w : k.after.getOrDefault(v, Set.of())) {
              if (Objects.equals(k.writer.get(w), b.id())) return new Step(a, b, type, key, v == INITIAL ? null : v, w);
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
