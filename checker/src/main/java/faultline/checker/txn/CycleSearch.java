package faultline.checker.txn;

import faultline.checker.consistency.ConsistencyModels;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds dependency cycles of each class, as Elle does: strongly connected components first (a
 * serializable history has none of two or more transactions, so most of the graph costs nothing),
 * then, inside each component, a shortest cycle of each class by breadth-first search from each
 * edge that the class needs (a wr edge for G1c, an rw edge for the G-single, G-nonadjacent and
 * G2-item searches) back to its source. The search walks states (transaction, whether the last
 * edge was rw, how many rw edges so far, whether a process or real-time edge was used), so the
 * rules of a class (no two rw edges adjacent, exactly one, ...) hold on the cycle it finds.
 *
 * <p>Each class is searched three times: on data dependencies alone, with process order added
 * (the {@code -process} variants, which must use a process edge), and with real time added too
 * ({@code -realtime}, which must use a real-time edge). A cycle is named by what it turns out to
 * be (Elle's rules, {@link #classify}), not by the search that found it.
 *
 * <p>A breadth-first search from a start edge a &rarr; b that finds no way back explores all that
 * b reaches, so trying every start edge of a big component that holds no cycle of the class would
 * take time quadratic in its size (a chain of thousands of ww edges closed by one wr edge: the G0
 * search). So the edges a cycle of the class may continue with are first split into their own
 * components, numbered in reverse topological order ({@link Scc#numbered}): b can reach a only if
 * b's number is at least a's, and every other start edge is skipped without a search.
 *
 * <p>The search keeps to its {@link Budget}: its time, its cancellation, and the memory of its
 * search states, reserved per component before they are made.
 */
final class CycleSearch {
  /** Searches of one class: the edge every cycle starts with, the data edges it may use after it. */
  private enum Shape {
    G0("G0", DepType.WW, DepType.WW.bit(), false, 0),
    G1C("G1c", DepType.WR, DepType.WW.bit() | DepType.WR.bit(), false, 0),
    G_SINGLE("G-single", DepType.RW, DepType.WW.bit() | DepType.WR.bit(), false, 0),
    G_NONADJACENT("G-nonadjacent", DepType.RW, DepType.DATA, true, 2),
    G2_ITEM("G2-item", DepType.RW, DepType.DATA, false, 0);

    final String name;
    final DepType start;
    final int data;
    final boolean nonAdjacent;
    final int minRw;

    Shape(String name, DepType start, int data, boolean nonAdjacent, int minRw) {
      this.name = name;
      this.start = start;
      this.data = data;
      this.nonAdjacent = nonAdjacent;
      this.minRw = minRw;
    }
  }

  private enum Level {
    DATA("", 0, 0),
    PROCESS("-process", DepType.PROCESS.bit(), DepType.PROCESS.bit()),
    REALTIME("-realtime", DepType.PROCESS.bit() | DepType.REALTIME.bit(), DepType.REALTIME.bit());

    final String suffix;
    final int extra;
    final int required;

    Level(String suffix, int extra, int required) {
      this.suffix = suffix;
      this.extra = extra;
      this.required = required;
    }
  }

  /** Every cycle anomaly name this search can report. */
  static Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (Level l : Level.values()) for (Shape s : Shape.values()) out.add(s.name + l.suffix);
    return out;
  }

  /** Cycles found, per type, as lists of steps (from, to, type); and the types left undecided. */
  record Found(Map<String, List<int[][]>> cycles, Set<String> undecided, String reason) {
    /** No search made: every wanted cycle type undecided, for {@code reason}. */
    static Found notSearched(Set<String> wanted, String reason) {
      Set<String> undecided = new LinkedHashSet<>(names());
      undecided.retainAll(wanted);
      return new Found(Map.of(), undecided, reason);
    }
  }

  private static final int EXAMPLES = 8;
  /** Start edges tried after the first cycle of a class in a component, looking for a shorter one. */
  private static final int SHORTER_TRIES = 16;

  private final DependencyGraph g;
  private final Budget budget;
  private final int[] local;
  private int[] stamp = new int[0];
  private int[] parent = new int[0];
  private byte[] via = new byte[0];
  private int[] queue = new int[0];
  private int bfs;
  private long pops;
  /** Breadth-first searches made, for tests of how much a search does. */
  private long searches;

  CycleSearch(DependencyGraph g, Budget budget) {
    this.g = g;
    this.budget = budget;
    this.local = new int[g.nodes()];
    Arrays.fill(local, -1);
  }

  private void checkTime() {
    if (budget.cancelled()) throw new OutOfTime("the cycle search was cancelled");
    if (budget.timeIsUp()) throw new OutOfTime("the cycle search ran out of its time budget");
  }

  /** The search stops: past its time budget, or a component whose search states would not fit. */
  private static final class OutOfTime extends RuntimeException {
    OutOfTime(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Bytes of search state per node of a component: 16 states of four arrays (stamp, parent, via, queue); 32 more for Tarjan's arrays. */
  private static final long STATE_BYTES_PER_NODE = 16L * 13;

  Found search(Set<String> wanted) {
    Map<String, List<int[][]>> cycles = new LinkedHashMap<>();
    Set<String> undecided = new LinkedHashSet<>();
    String reason = null;
    List<String> planned = new ArrayList<>();
    for (Level l : Level.values()) for (Shape s : Shape.values()) if (wanted.contains(s.name + l.suffix)) planned.add(s.name + l.suffix);
    Set<String> done = new LinkedHashSet<>();
    try {
      for (Level level : Level.values()) {
        List<Shape> shapes = new ArrayList<>();
        for (Shape s : Shape.values()) if (wanted.contains(s.name + level.suffix)) shapes.add(s);
        if (shapes.isEmpty()) continue;
        for (int[] component : Scc.nontrivial(g, DepType.DATA | level.extra)) {
          checkTime();
          for (int i = 0; i < component.length; i++) local[component[i]] = i;
          componentOf = component;
          long bytes = reserve(component.length);
          try {
            Set<String> here = new LinkedHashSet<>();
            for (Shape shape : shapes) {
              String name = shape.name + level.suffix;
              if (cycles.getOrDefault(name, List.of()).size() >= EXAMPLES) continue;
              if (ConsistencyModels.impliedBy(here).contains(name)) continue;
              if (level != Level.DATA && ConsistencyModels.impliedBy(cycles.keySet()).contains(name)) continue;
              int[][] cycle = shortest(component, shape, level);
              if (cycle == null) continue;
              String type = classify(cycle);
              here.add(type);
              List<int[][]> list = cycles.computeIfAbsent(type, x -> new ArrayList<>());
              if (list.size() < EXAMPLES) list.add(cycle);
            }
          } finally {
            for (int node : component) local[node] = -1;
            budget.release(bytes);
          }
        }
        for (Shape s : shapes) done.add(s.name + level.suffix);
      }
    } catch (OutOfTime e) {
      reason = e.getMessage();
      for (String name : planned) if (!done.contains(name) && !cycles.containsKey(name)) undecided.add(name);
    }
    return new Found(cycles, undecided, reason);
  }

  /** Reserves the search states (and the components' numbers) of a component of {@code size} nodes, or stops. */
  private long reserve(int size) {
    long bytes = size * (STATE_BYTES_PER_NODE + 32);
    if (!budget.reserve(bytes)) {
      budget.release(bytes);
      throw new OutOfTime("a dependency cycle spans " + size + " transactions, whose search would need "
          + Math.max(1, bytes >> 20) + " MiB, more than the memory budget of " + (budget.memoryBytes() >> 20)
          + " MiB (--memory-limit, or give the JVM more with FAULTLINE_JAVA_OPTS=-Xmx...)");
    }
    return bytes;
  }

  long searches() {
    return searches;
  }

  /** A shortest cycle of this shape in the component, or null. */
  private int[][] shortest(int[] component, Shape shape, Level level) {
    int size = component.length;
    if (stamp.length < size * 16) {
      stamp = new int[size * 16];
      parent = new int[size * 16];
      via = new byte[size * 16];
      queue = new int[size * 16];
      bfs = 0;
    }
    int[][] best = null;
    int tries = 0;
    int[] targets = g.targets(shape.start);
    // b can only get back to a, by the edges the cycle may continue with, when its component's
    // number (reverse topological) is at least a's; the rest are skipped without a search.
    int[] number = Scc.numbered(g, shape.data | level.extra, component, local);
    for (int a : component) {
      for (int e = g.from(shape.start, a), end = g.to(shape.start, a); e < end; e++) {
        int b = targets[e];
        if (local[b] < 0 || number[local[b]] < number[local[a]]) continue;
        checkTime();
        int[][] cycle = bfs(a, b, shape, level, best == null ? Integer.MAX_VALUE : best.length);
        if (cycle != null && (best == null || cycle.length < best.length)) best = cycle;
        if (best != null && (++tries > SHORTER_TRIES || best.length == 2)) return best;
      }
    }
    return best;
  }

  // State: local node * 16 + extra used (8) + last edge rw (4) + rw edges so far, capped at 2 (0..2).
  private int[][] bfs(int a, int b, Shape shape, Level level, int shorterThan) {
    searches++;
    if (++bfs == Integer.MAX_VALUE) {
      Arrays.fill(stamp, 0);
      bfs = 1;
    }
    int allowed = shape.data | level.extra;
    DepType[] types = Scc.typesOf(allowed);
    boolean startRw = shape.start == DepType.RW;
    int first = local[b] * 16 + (startRw ? 4 + 1 : 0);
    int head = 0, tail = 0;
    queue[tail++] = first;
    stamp[first] = bfs;
    parent[first] = -1;
    via[first] = (byte) shape.start.ordinal();
    int levelEnd = tail, steps = 1;
    while (head < tail) {
      if (head == levelEnd) {
        steps++;
        levelEnd = tail;
        if (steps + 1 >= shorterThan) return null;
      }
      if ((++pops & 1023) == 0) checkTime();
      int s = queue[head++];
      int u = componentNode(s >> 4);
      int flags = s & 15;
      boolean extra = (flags & 8) != 0, lastRw = (flags & 4) != 0;
      int rw = flags & 3;
      for (DepType t : types) {
        int[] tg = g.targets(t);
        boolean isRw = t == DepType.RW;
        if (isRw && shape.nonAdjacent && lastRw) continue;
        boolean nextExtra = extra || (t.bit() & level.required) != 0;
        int nextRw = isRw ? Math.min(rw + 1, 2) : rw;
        int nextFlags = (nextExtra ? 8 : 0) | (isRw ? 4 : 0) | nextRw;
        for (int i = g.from(t, u), end = g.to(t, u); i < end; i++) {
          int v = tg[i];
          int lv = local[v];
          if (lv < 0) continue;
          if (v == a) {
            boolean closes = (level.required == 0 || nextExtra) && nextRw >= shape.minRw && !(shape.nonAdjacent && isRw && startRw);
            if (!closes) continue;
            return path(s, a, b, t, shape.start);
          }
          int ns = lv * 16 + nextFlags;
          if (stamp[ns] == bfs) continue;
          stamp[ns] = bfs;
          parent[ns] = s;
          via[ns] = (byte) t.ordinal();
          queue[tail++] = ns;
        }
      }
    }
    return null;
  }

  private int[] componentOf;

  private int componentNode(int localIndex) {
    return componentOf[localIndex];
  }

  /** Walks parents back from the last state: steps a -start-> b ... -> last -closing-> a. */
  private int[][] path(int last, int a, int b, DepType closing, DepType start) {
    List<int[]> reversed = new ArrayList<>();
    reversed.add(new int[] {componentNode(last >> 4), a, closing.ordinal()});
    int s = last;
    while (parent[s] != -1) {
      int p = parent[s];
      reversed.add(new int[] {componentNode(p >> 4), componentNode(s >> 4), via[s]});
      s = p;
    }
    reversed.add(new int[] {a, b, start.ordinal()});
    int[][] out = new int[reversed.size()][];
    for (int i = 0; i < out.length; i++) out[i] = reversed.get(out.length - 1 - i);
    return out;
  }

  /**
   * Elle's names for a cycle: exactly one rw edge is G-single; rw edges of which two are adjacent,
   * G2-item; rw edges none adjacent, G-nonadjacent; otherwise any wr edge makes it G1c, else G0.
   * A real-time edge adds -realtime; else a process edge adds -process.
   */
  static String classify(int[][] cycle) {
    int n = cycle.length, rw = 0;
    boolean wr = false, adjacent = false, process = false, realtime = false;
    for (int i = 0; i < n; i++) {
      DepType t = DepType.values()[cycle[i][2]];
      if (t == DepType.RW) {
        rw++;
        if (DepType.values()[cycle[(i + 1) % n][2]] == DepType.RW) adjacent = true;
      }
      wr |= t == DepType.WR;
      process |= t == DepType.PROCESS;
      realtime |= t == DepType.REALTIME;
    }
    String base = rw == 1 ? "G-single" : rw > 1 ? (adjacent ? "G2-item" : "G-nonadjacent") : wr ? "G1c" : "G0";
    return base + (realtime ? "-realtime" : process ? "-process" : "");
  }
}
