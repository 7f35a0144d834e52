package faultline.checker.sequential;

import faultline.checker.Verdict;
import faultline.checker.history.Operation;
import faultline.checker.linear.Budget;
import faultline.checker.model.Model;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Looks for one total order of a group of operations that keeps each process's own order (and
 * nothing else: real time between processes does not constrain) and that the model accepts, key
 * by key. That is sequential consistency (Lamport).
 *
 * <p>A configuration is how far each process has got plus the state of every key; configurations
 * already explored are remembered, so each is expanded once (the memo Wing and Gong's search keeps
 * for linearizability, with per-process progress in place of the linearized set). A crashed
 * operation may take effect or not, so a process may also step over it.
 *
 * <p>Reads are taken greedily: when a process's next operation only observes and the model
 * accepts it in the current state, taking it now loses nothing, because it changes no state and
 * anything other processes do next could as well be done after it. Only writes branch.
 *
 * <p>Depth-first with an explicit stack (histories have thousands of ops per process group);
 * the {@link Budget} bounds time and memo memory, and running out gives {@code UNKNOWN}.
 */
final class SequentialSearch<S> {
  /** Rough bytes a remembered configuration costs, for the memory budget. */
  private static final long CONFIG_OVERHEAD = 96;

  private final Model<S> model;
  private final List<Object> keys;
  private final List<List<Operation>> byProcess;
  private final int[][] keyOf; // per process, per op: index into keys
  private final Budget budget;
  private final int total;

  // The deepest configuration reached, for the witness.
  private Config deepest;
  private int deepestPlaced = -1;
  private long explored;

  SequentialSearch(Model<S> model, List<Operation> ops, Budget budget) {
    this.model = model;
    this.budget = budget;
    Map<Object, Integer> keyIndex = new LinkedHashMap<>();
    Map<Object, List<Operation>> processes = new LinkedHashMap<>();
    for (Operation op : ops) {
      keyIndex.putIfAbsent(keyOf(op), keyIndex.size());
      processes.computeIfAbsent(op.process(), p -> new ArrayList<>()).add(op);
    }
    this.keys = List.copyOf(keyIndex.keySet());
    this.byProcess = List.copyOf(processes.values());
    this.keyOf = new int[byProcess.size()][];
    for (int p = 0; p < byProcess.size(); p++) {
      List<Operation> own = byProcess.get(p);
      keyOf[p] = new int[own.size()];
      for (int i = 0; i < own.size(); i++) keyOf[p][i] = keyIndex.get(keyOf(own.get(i)));
    }
    this.total = ops.size();
  }

  static Object keyOf(Operation op) {
    return op.key() == null ? NO_KEY : op.key();
  }

  static final Object NO_KEY = new Object() {
    @Override
    public String toString() {
      return "(no key)";
    }
  };

  /** Where the search got to: each process's next op, and every key's state. */
  private record Config(int[] progress, Object[] states) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Config c && Arrays.equals(progress, c.progress) && Arrays.equals(states, c.states);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(progress) + Arrays.hashCode(states);
    }
  }

  private static final class Frame {
    final Config config;
    int nextProcess;
    boolean triedSkip;

    Frame(Config config) {
      this.config = config;
    }
  }

  SequentialOutcome run() {
    Object[] initial = new Object[keys.size()];
    Arrays.fill(initial, model.init());
    Config start = takeReads(new Config(new int[byProcess.size()], initial));
    if (done(start)) return outcome(Verdict.VALID, null);
    Set<Config> seen = new HashSet<>();
    long reserved = 0;
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(start));
    seen.add(start);
    try {
      while (!stack.isEmpty()) {
        if ((++explored & 1023) == 0) {
          if (budget.cancelled()) return outcome(Verdict.UNKNOWN, "cancelled");
          if (budget.timeIsUp()) return outcome(Verdict.UNKNOWN, "time limit reached");
        }
        Frame f = stack.peek();
        Config next = nextMove(f);
        if (next == null) {
          stack.pop();
          continue;
        }
        next = takeReads(next);
        if (done(next)) return outcome(Verdict.VALID, null);
        if (seen.add(next)) {
          long bytes = CONFIG_OVERHEAD + 4L * byProcess.size() + 8L * keys.size();
          if (!budget.reserve(bytes)) {
            budget.release(bytes);
            return outcome(Verdict.UNKNOWN, "memory limit reached");
          }
          reserved += bytes;
          stack.push(new Frame(next));
        }
      }
      return outcome(Verdict.INVALID, null);
    } finally {
      budget.release(reserved);
    }
  }

  /** The next configuration to try from {@code f}: some process's next op applied (or, if crashed, skipped). */
  private Config nextMove(Frame f) {
    Config c = f.config;
    while (f.nextProcess < byProcess.size()) {
      int p = f.nextProcess;
      List<Operation> own = byProcess.get(p);
      int i = c.progress()[p];
      if (i >= own.size()) {
        f.nextProcess++;
        continue;
      }
      Operation op = own.get(i);
      if (op.crashed() && !f.triedSkip) {
        // A crashed op may never have taken effect: step over it.
        f.triedSkip = true;
        return advanced(c, p, -1, null);
      }
      f.nextProcess++;
      f.triedSkip = false;
      int k = keyOf[p][i];
      @SuppressWarnings("unchecked")
      S after = model.step((S) c.states()[k], op);
      if (after != null) return advanced(c, p, k, after);
    }
    return null;
  }

  private Config advanced(Config c, int p, int k, Object state) {
    int[] progress = c.progress().clone();
    progress[p]++;
    Object[] states = c.states();
    if (k >= 0 && !Objects.equals(states[k], state)) {
      states = states.clone();
      states[k] = state;
    }
    Config next = new Config(progress, states);
    note(next);
    return next;
  }

  /** Takes every next op that only observes and fits the current state. */
  private Config takeReads(Config c) {
    int[] progress = null;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (int p = 0; p < byProcess.size(); p++) {
        List<Operation> own = byProcess.get(p);
        int[] pr = progress == null ? c.progress() : progress;
        while (pr[p] < own.size()) {
          Operation op = own.get(pr[p]);
          if (op.crashed() || !model.isReadOnly(op)) break;
          Object state = c.states()[keyOf[p][pr[p]]];
          @SuppressWarnings("unchecked")
          S after = model.step((S) state, op);
          if (after == null || !after.equals(state)) break;
          if (progress == null) pr = progress = c.progress().clone();
          progress[p]++;
          moved = true;
        }
      }
    }
    if (progress == null) return c;
    Config next = new Config(progress, c.states());
    note(next);
    return next;
  }

  private boolean done(Config c) {
    for (int p = 0; p < byProcess.size(); p++) {
      List<Operation> own = byProcess.get(p);
      for (int i = c.progress()[p]; i < own.size(); i++) if (!own.get(i).crashed()) return false;
    }
    return true;
  }

  private void note(Config c) {
    int placed = 0;
    for (int v : c.progress()) placed += v;
    if (placed > deepestPlaced) {
      deepestPlaced = placed;
      deepest = c;
    }
  }

  private SequentialOutcome outcome(Verdict verdict, String reason) {
    SequentialWitness witness = verdict == Verdict.INVALID ? witness() : null;
    return new SequentialOutcome(verdict, witness, reason, total, explored);
  }

  /** At the deepest configuration: every process's next op and why the model refuses it there. */
  private SequentialWitness witness() {
    Config c = deepest != null ? deepest : new Config(new int[byProcess.size()], initialStates());
    List<SequentialWitness.Blocked> blocked = new ArrayList<>();
    for (int p = 0; p < byProcess.size(); p++) {
      List<Operation> own = byProcess.get(p);
      int i = c.progress()[p];
      if (i >= own.size()) continue;
      Operation op = own.get(i);
      int k = keyOf[p][i];
      @SuppressWarnings("unchecked")
      S state = (S) c.states()[k];
      String why = model.step(state, op) == null ? model.explainRejection(state, op)
          : "possible here, but no order after it explains the rest";
      blocked.add(new SequentialWitness.Blocked(op, model.describeOperation(op), why));
    }
    Map<Object, String> states = new LinkedHashMap<>();
    for (int k = 0; k < keys.size(); k++) {
      @SuppressWarnings("unchecked")
      S s = (S) c.states()[k];
      states.put(keys.get(k) == NO_KEY ? null : keys.get(k), model.describeState(s));
    }
    return new SequentialWitness(Math.max(deepestPlaced, 0), total, states, blocked);
  }

  private Object[] initialStates() {
    Object[] s = new Object[keys.size()];
    Arrays.fill(s, model.init());
    return s;
  }
}
