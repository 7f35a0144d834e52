package faultline.checker.linear;

import faultline.checker.Verdict;
import faultline.checker.history.Operation;
import faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wing and Gong's search for a linearization of one partition, with Lowe's just-in-time
 * refinement and memo of (linearized set, state), as Porcupine does it.
 *
 * <p>Calls and returns form a doubly linked list in real-time order. The search walks it from the
 * head: at a call, it tries to linearize that op now (the model must accept it and the resulting
 * configuration must be new), lifting the op out of the list; at a return, the op that returned
 * was not linearized in time, so it backtracks. Crashed operations have a call and no return: they
 * may be linearized anywhere after their call, and need not be linearized at all, so the search
 * succeeds as soon as every completed op is placed.
 */
final class PartitionSearch<S> {
  private static final int HEAD = 0;

  private final Model<S> model;
  private final List<Operation> ops;
  private final Object key;
  private final Budget budget;

  // The list: entries 1..n, HEAD before the first, TAIL after the last.
  private final int tail;
  private final int[] next;
  private final int[] prev;
  private final int[] opOf; // local op index of each entry
  private final int[] returnOf; // for a call entry, its return entry; 0 for a crashed op
  private final boolean[] isCall;

  // The best (deepest) dead end seen, for the witness.
  private int bestCompleted = -1;
  private int bestCrashed;
  private int[] bestPrefix; // ops of the best prefix, [0, bestLength)
  private Object[] bestStates; // the state after each of them
  private int bestLength;
  private int bestStuckEntry;
  private Object bestState;
  // The stack below this depth is unchanged since the best prefix was last copied: copying only
  // what changed keeps the bookkeeping proportional to the search's own work.
  private int unchangedBelow;

  PartitionSearch(Model<S> model, List<Operation> ops, Object key, Budget budget) {
    this.model = model;
    this.ops = ops;
    this.key = key;
    this.budget = budget;
    int entries = 0;
    for (Operation op : ops) entries += op.crashed() ? 1 : 2;
    this.tail = entries + 1;
    this.next = new int[entries + 2];
    this.prev = new int[entries + 2];
    this.opOf = new int[entries + 2];
    this.returnOf = new int[entries + 2];
    this.isCall = new boolean[entries + 2];
    buildList(entries);
  }

  /** Orders calls and returns by their real-time positions, which are distinct. */
  private void buildList(int entries) {
    long[] order = new long[entries];
    int k = 0;
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      order[k++] = event(op.call(), i, true);
      if (!op.crashed()) order[k++] = event(op.ret(), i, false);
    }
    // Sort by position: positions are ranks below 2^31, so they fit the high bits of a long.
    Arrays.sort(order);
    int[] callEntry = new int[ops.size()];
    for (int e = 1; e <= entries; e++) {
      long ev = order[e - 1];
      int op = (int) ((ev >>> 1) & 0x3FFFFFFF);
      boolean call = (ev & 1) == 0;
      opOf[e] = op;
      isCall[e] = call;
      if (call) callEntry[op] = e;
      else returnOf[callEntry[op]] = e;
      next[e - 1] = e;
      prev[e] = e - 1;
    }
    next[entries] = tail;
    prev[tail] = entries;
  }

  private static long event(long position, int op, boolean call) {
    if (position >= (1L << 31) || op >= (1 << 30)) throw new IllegalArgumentException("history too large for one partition");
    return (position << 32) | ((long) op << 1) | (call ? 0 : 1);
  }

  PartitionResult run() {
    int n = ops.size();
    int remaining = 0;
    for (Operation op : ops) if (!op.crashed()) remaining++;
    final int completedOps = remaining;
    bestPrefix = new int[n];
    bestStates = new Object[n];
    LinearizedSet linearized = new LinearizedSet(n);
    SearchCache cache = new SearchCache(budget, linearized.words().length);
    int[] stackEntry = new int[n];
    Object[] stackState = new Object[n];
    int depth = 0;
    S state = model.init();
    int entry = next[HEAD];
    long steps = 0;
    try {
      while (remaining > 0) {
        if ((++steps & 0x3FF) == 0) {
          if (budget.cancelled()) return result(Verdict.UNKNOWN, null, "cancelled: another partition was found invalid", cache);
          if (budget.timeIsUp()) return result(Verdict.UNKNOWN, null, "time limit reached", cache);
        }
        if (isCall[entry]) {
          int op = opOf[entry];
          S after = model.step(state, ops.get(op));
          if (after != null) {
            linearized.set(op);
            if (cache.add(linearized, after)) {
              stackEntry[depth] = entry;
              stackState[depth] = state;
              depth++;
              state = after;
              lift(entry);
              if (returnOf[entry] != 0) remaining--;
              entry = next[HEAD];
              continue;
            }
            linearized.clear(op);
          }
          entry = next[entry];
        } else {
          // The op returning here was not linearized before its return: this order fails.
          if (deeper(depth, completedOps - remaining)) remember(depth, stackEntry, stackState, entry, state);
          if (depth == 0) return result(Verdict.INVALID, witness(), null, cache);
          depth--;
          if (depth < unchangedBelow) unchangedBelow = depth;
          int call = stackEntry[depth];
          @SuppressWarnings("unchecked")
          S previous = (S) stackState[depth];
          state = previous;
          linearized.clear(opOf[call]);
          unlift(call);
          if (returnOf[call] != 0) remaining++;
          entry = next[call];
        }
      }
      return result(Verdict.VALID, null, null, cache);
    } catch (SearchCache.BudgetExhausted e) {
      return result(Verdict.UNKNOWN, null, e.getMessage(), cache);
    } catch (OutOfMemoryError e) {
      return result(Verdict.UNKNOWN, null, "out of memory", cache);
    }
  }

  private PartitionResult result(Verdict verdict, Witness witness, String reason, SearchCache cache) {
    long explored = cache.size();
    cache.release();
    return new PartitionResult(key, ops.size(), verdict, witness, reason, explored);
  }

  private void lift(int call) {
    unlink(call);
    int ret = returnOf[call];
    if (ret != 0) unlink(ret);
  }

  private void unlift(int call) {
    int ret = returnOf[call];
    if (ret != 0) relink(ret);
    relink(call);
  }

  private void unlink(int e) {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e];
  }

  private void relink(int e) {
    next[prev[e]] = e;
    prev[next[e]] = e;
  }

  /**
   * Whether this dead end explains more than the best so far: more completed ops placed or, as
   * many, fewer crashed ones (a crashed write placed for no reason only muddies the witness).
   */
  private boolean deeper(int depth, int completed) {
    int crashed = depth - completed;
    if (completed > bestCompleted || (completed == bestCompleted && crashed < bestCrashed)) {
      bestCompleted = completed;
      bestCrashed = crashed;
      return true;
    }
    return false;
  }

  /** Keeps the deepest dead end: the longest prefix (copying only what changed) and where it got stuck. */
  private void remember(int depth, int[] stackEntry, Object[] stackState, int stuckEntry, S state) {
    for (int i = unchangedBelow; i < depth; i++) {
      bestPrefix[i] = opOf[stackEntry[i]];
      bestStates[i] = i + 1 < depth ? stackState[i + 1] : state;
    }
    unchangedBelow = depth;
    bestLength = depth;
    bestStuckEntry = stuckEntry;
    bestState = state;
  }

  @SuppressWarnings("unchecked")
  private Witness witness() {
    List<Witness.Step> prefix = new ArrayList<>();
    for (int i = 0; i < bestLength; i++) {
      Operation op = ops.get(bestPrefix[i]);
      prefix.add(new Witness.Step(op, model.describeOperation(op), model.describeState((S) bestStates[i])));
    }
    S at = (S) bestState;
    List<Witness.Attempt> candidates = new ArrayList<>();
    // What could have come next: every op invoked before the stuck return and not in the prefix,
    // in real-time order (entries are numbered in that order).
    boolean[] placed = new boolean[ops.size()];
    for (int i = 0; i < bestLength; i++) placed[bestPrefix[i]] = true;
    List<Integer> pending = new ArrayList<>();
    for (int e = 1; e < bestStuckEntry; e++) if (isCall[e] && !placed[opOf[e]]) pending.add(opOf[e]);
    for (int op : pending) {
      Operation o = ops.get(op);
      S after = model.step(at, o);
      candidates.add(new Witness.Attempt(o, model.describeOperation(o), after == null ? model.explainRejection(at, o) : null));
    }
    Operation stuck = ops.get(opOf[bestStuckEntry]);
    return new Witness(key, prefix, stuck, model.describeOperation(stuck), model.describeState(at), candidates);
  }
}
