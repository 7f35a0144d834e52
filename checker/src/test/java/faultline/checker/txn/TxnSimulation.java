package faultline.checker.txn;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * List-append histories made by running a real store under random concurrency, so their verdicts
 * are known by construction.
 *
 * <p>{@code SERIALIZABLE}: each transaction runs atomically at one random moment between its
 * invocation and completion (strict serializable). {@code SNAPSHOT}: each takes a snapshot at a
 * moment after its invocation and commits later, before its completion, unless a transaction that
 * committed since its snapshot appended to a key it appends to (first committer wins; it then
 * fails): snapshot isolation, with write skew wherever two overlap on each other's read keys.
 * {@code READ_COMMITTED}: each micro-op runs at its own moment; a read sees what is committed then
 * (and the transaction's own appends), appends wait for the commit; an append takes the key's lock
 * until then, and a transaction that finds it taken fails (no waits, so no deadlocks): read skew,
 * lost updates and every cycle with an rw edge, but no G1. Some transactions crash ({@code info}, having taken effect or not) and retire their process;
 * some fail without effect.
 */
final class TxnSimulation {
  enum Store { SERIALIZABLE, SNAPSHOT, READ_COMMITTED }

  /** The events, and where the store ended, for injections that follow it. */
  static final class Sim {
    final List<Op> ops = new ArrayList<>();
    final Map<Long, List<Long>> state = new HashMap<>();
    long nextValue = 1;
    long nextProcess;

    History history() {
      List<Op> numbered = new ArrayList<>();
      for (Op op : ops) numbered.add(op.withIndex(numbered.size()));
      return History.of("simulated", numbered);
    }

    List<Long> list(long key) {
      return state.getOrDefault(key, List.of());
    }

    void add(long process, OpType type, List<List<Object>> mops) {
      ops.add(new Op(0, Op.NO_TIME, Process.client(process), type, "txn", null, mops, null));
    }
  }

  private static final class InFlight {
    long process;
    List<List<Object>> planned;
    Map<Long, List<Long>> snapshot;
    long snapshotAt;
    boolean applied;
    boolean aborted;
    List<List<Object>> result;
    int next; // READ_COMMITTED: the next micro-op to run
    final Map<Long, List<Long>> buffered = new HashMap<>();
  }

  static Sim simulate(Random rnd, Store store, int processes, int txns, int keys, double crashRate, double failRate) {
    return simulate(rnd, store, processes, txns, keys, crashRate, failRate, false);
  }

  /** With {@code registers}, micro-ops are [w k v] and [r k v] on registers (rw-register) instead of lists. */
  static Sim simulate(Random rnd, Store store, int processes, int txns, int keys, double crashRate, double failRate, boolean registers) {
    Sim sim = new Sim();
    InFlight[] slots = new InFlight[processes];
    long[] processOf = new long[processes];
    for (int i = 0; i < processes; i++) processOf[i] = i;
    sim.nextProcess = processes;
    Map<Long, Long> lastCommit = new HashMap<>();
    Map<Long, InFlight> locks = new HashMap<>();
    long clock = 0;
    int issued = 0;
    while (issued < txns || Arrays.stream(slots).anyMatch(Objects::nonNull)) {
      int slot = rnd.nextInt(processes);
      InFlight t = slots[slot];
      int action = rnd.nextInt(4);
      if (t == null) {
        if (issued >= txns || action != 0) continue;
        t = new InFlight();
        t.process = processOf[slot];
        t.planned = plan(rnd, sim, keys, registers);
        slots[slot] = t;
        issued++;
        sim.add(t.process, OpType.INVOKE, unread(t.planned));
      } else if (store == Store.SNAPSHOT && t.snapshot == null) {
        if (action == 0) {
          t.snapshot = copy(sim.state);
          t.snapshotAt = clock++;
        }
      } else if (store == Store.READ_COMMITTED && !t.applied) {
        if (action != 1) continue;
        if (t.result == null) t.result = new ArrayList<>();
        if (t.next < t.planned.size()) {
          List<Object> m = t.planned.get(t.next++);
          long key = (Long) m.get(1);
          if (m.get(0).equals("r")) {
            List<Object> seen = new ArrayList<>(sim.list(key));
            seen.addAll(t.buffered.getOrDefault(key, List.of()));
            t.result.add(Arrays.asList("r", key, registers ? (seen.isEmpty() ? null : seen.get(seen.size() - 1)) : seen));
          } else {
            InFlight holder = locks.putIfAbsent(key, t);
            if (holder != null && holder != t) {
              t.applied = true;
              t.aborted = true;
              release(locks, t);
              continue;
            }
            t.buffered.computeIfAbsent(key, x -> new ArrayList<>()).add((Long) m.get(2));
            t.result.add(m);
          }
        } else {
          t.applied = true;
          if (rnd.nextDouble() < failRate) {
            t.aborted = true;
          } else {
            t.buffered.forEach((key, values) -> sim.state.computeIfAbsent(key, x -> new ArrayList<>()).addAll(values));
          }
          release(locks, t);
        }
      } else if (!t.applied) {
        if (action != 1) continue;
        t.applied = true;
        if (rnd.nextDouble() < failRate) {
          t.aborted = true;
          continue;
        }
        Map<Long, List<Long>> view = store == Store.SNAPSHOT ? t.snapshot : sim.state;
        if (store == Store.SNAPSHOT) {
          for (List<Object> m : t.planned) {
            if (!m.get(0).equals("r") && lastCommit.getOrDefault((Long) m.get(1), -1L) > t.snapshotAt) t.aborted = true;
          }
          if (t.aborted) continue;
        }
        t.result = run(t.planned, view, sim.state, registers);
        long at = clock++;
        for (List<Object> m : t.planned) if (!m.get(0).equals("r")) lastCommit.put((Long) m.get(1), at);
      } else {
        if (action != 2) continue;
        if (!t.aborted && rnd.nextDouble() < crashRate) {
          // (A crash after the transaction took effect: it stays applied.)
          sim.add(t.process, OpType.INFO, unread(t.planned));
          processOf[slot] = sim.nextProcess++;
        } else {
          sim.add(t.process, t.aborted ? OpType.FAIL : OpType.OK, t.aborted ? unread(t.planned) : t.result);
        }
        slots[slot] = null;
      }
    }
    return sim;
  }

  private static void release(Map<Long, InFlight> locks, InFlight t) {
    locks.values().removeIf(holder -> holder == t);
  }

  private static List<List<Object>> plan(Random rnd, Sim sim, int keys, boolean registers) {
    int n = 1 + rnd.nextInt(4);
    List<List<Object>> mops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long key = rnd.nextInt(keys);
      mops.add(rnd.nextBoolean() ? Arrays.asList("r", key, null) : List.of(registers ? "w" : "append", key, sim.nextValue++));
    }
    return mops;
  }

  /**
   * Runs the micro-ops: reads see {@code view} (the store, or the snapshot) with the transaction's
   * own appends; appends go to the store.
   */
  private static List<List<Object>> run(List<List<Object>> planned, Map<Long, List<Long>> view, Map<Long, List<Long>> store,
      boolean registers) {
    Map<Long, List<Long>> own = new HashMap<>();
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> m : planned) {
      long key = (Long) m.get(1);
      if (m.get(0).equals("r")) {
        List<Object> seen = new ArrayList<>(view.getOrDefault(key, List.of()));
        if (view != store) seen.addAll(own.getOrDefault(key, List.of()));
        // A register holds its last write: the list of writes' last element, nil before any.
        out.add(Arrays.asList("r", key, registers ? (seen.isEmpty() ? null : seen.get(seen.size() - 1)) : seen));
      } else {
        own.computeIfAbsent(key, x -> new ArrayList<>()).add((Long) m.get(2));
        store.computeIfAbsent(key, x -> new ArrayList<>()).add((Long) m.get(2));
        out.add(m);
      }
    }
    return out;
  }

  private static Map<Long, List<Long>> copy(Map<Long, List<Long>> state) {
    Map<Long, List<Long>> out = new HashMap<>();
    state.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }

  static List<List<Object>> unread(List<List<Object>> mops) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> m : mops) out.add(m.get(0).equals("r") ? Arrays.asList("r", m.get(1), null) : m);
    return out;
  }

  static List<Object> read(long key, List<Long> list) {
    return Arrays.asList("r", key, new ArrayList<Object>(list));
  }

  private static List<Long> plus(List<Long> list, Long... more) {
    List<Long> out = new ArrayList<>(list);
    out.addAll(Arrays.asList(more));
    return out;
  }

  /** A failed append to {@code key}, then a committed read that holds it. */
  static void injectAbortedRead(Sim sim, long key) {
    long v = sim.nextValue++, p = sim.nextProcess++, q = sim.nextProcess++;
    List<List<Object>> append = List.of(List.of("append", key, v));
    sim.add(p, OpType.INVOKE, append);
    sim.add(p, OpType.FAIL, append);
    List<List<Object>> read = List.of(read(key, plus(sim.list(key), v)));
    sim.add(q, OpType.INVOKE, unread(read));
    sim.add(q, OpType.OK, read);
  }

  /** A transaction appending twice to {@code key}, and a read that saw only its first append. */
  static void injectIntermediateRead(Sim sim, long key) {
    long v1 = sim.nextValue++, v2 = sim.nextValue++, p = sim.nextProcess++, q = sim.nextProcess++;
    List<List<Object>> appends = List.of(List.of("append", key, v1), List.of("append", key, v2));
    sim.add(p, OpType.INVOKE, appends);
    sim.add(p, OpType.OK, appends);
    List<List<Object>> read = List.of(read(key, plus(sim.list(key), v1)));
    sim.add(q, OpType.INVOKE, unread(read));
    sim.add(q, OpType.OK, read);
    sim.state.put(key, plus(sim.list(key), v1, v2));
  }

  /**
   * Two concurrent transactions on keys {@code a} and {@code b}, each appending to one and reading
   * the other: seeing each other's appends makes a G1c cycle; seeing neither, write skew (G2-item).
   */
  static void injectPair(Sim sim, long a, long b, boolean seeEachOther) {
    long va = sim.nextValue++, vb = sim.nextValue++, p = sim.nextProcess++, q = sim.nextProcess++;
    List<List<Object>> first = List.of(List.of("append", a, va), read(b, seeEachOther ? plus(sim.list(b), vb) : sim.list(b)));
    List<List<Object>> second = List.of(List.of("append", b, vb), read(a, seeEachOther ? plus(sim.list(a), va) : sim.list(a)));
    sim.add(p, OpType.INVOKE, unread(first));
    sim.add(q, OpType.INVOKE, unread(second));
    sim.add(p, OpType.OK, first);
    sim.add(q, OpType.OK, second);
    sim.state.put(a, plus(sim.list(a), va));
    sim.state.put(b, plus(sim.list(b), vb));
  }
}
