package faultline.checker.txn;

import java.util.Arrays;

/**
 * Transactions as nodes (and, after them, the points of time that carry real-time order, see
 * {@link OrderEdges#realTime}), dependencies as typed edges, stored as one compact adjacency array per
 * type (a million transactions make millions of edges: boxed maps of sets would not fit).
 * Duplicate edges are harmless and not removed.
 */
public final class DependencyGraph {
  private final int nodes;
  private final int[][] offsets = new int[DepType.values().length][];
  private final int[][] targets = new int[DepType.values().length][];

  private DependencyGraph(int nodes) {
    this.nodes = nodes;
  }

  public int nodes() {
    return nodes;
  }

  /** The successors of {@code node} by edges of {@code type}: targets(type)[from .. to). */
  int from(DepType type, int node) {
    return offsets[type.ordinal()][node];
  }

  int to(DepType type, int node) {
    return offsets[type.ordinal()][node + 1];
  }

  int[] targets(DepType type) {
    return targets[type.ordinal()];
  }

  public boolean has(DepType type, int a, int b) {
    int[] t = targets[type.ordinal()];
    for (int i = from(type, a), end = to(type, a); i < end; i++) if (t[i] == b) return true;
    return false;
  }

  public long edges(DepType type) {
    return targets[type.ordinal()].length;
  }

  /** Collects edges as pairs of ints per type, then packs them. */
  static final class Builder {
    private int nodes;
    private final int[][] pairs = new int[DepType.values().length][];
    private final int[] sizes = new int[DepType.values().length];

    Builder(int nodes) {
      this(nodes, 32);
    }

    /** With room for about {@code expected} edges of each type, so big histories do not copy as they grow. */
    Builder(int nodes, int expected) {
      this.nodes = nodes;
      for (int t = 0; t < pairs.length; t++) pairs[t] = new int[Math.max(64, 2 * expected)];
    }

    /** Adds {@code count} nodes beyond those there are; returns the first one's id. */
    int addNodes(int count) {
      int first = nodes;
      nodes += count;
      return first;
    }

    /** Adds a &rarr; b; self-edges are dropped (a transaction does not precede itself). */
    void add(DepType type, int a, int b) {
      if (a == b) return;
      int t = type.ordinal();
      if (sizes[t] + 2 > pairs[t].length) pairs[t] = Arrays.copyOf(pairs[t], pairs[t].length * 2);
      pairs[t][sizes[t]++] = a;
      pairs[t][sizes[t]++] = b;
    }

    /** About the bytes the built graph takes, with the pairs held until it is built. */
    long builtBytes() {
      long bytes = 0;
      for (int t = 0; t < pairs.length; t++) bytes += 4L * (nodes + 1) + 2L * sizes[t] + 4L * pairs[t].length;
      return bytes;
    }

    DependencyGraph build() {
      DependencyGraph g = new DependencyGraph(nodes);
      for (int t = 0; t < pairs.length; t++) {
        int[] off = new int[nodes + 1];
        int m = sizes[t] / 2;
        for (int e = 0; e < m; e++) off[pairs[t][2 * e] + 1]++;
        for (int v = 0; v < nodes; v++) off[v + 1] += off[v];
        int[] next = Arrays.copyOf(off, nodes);
        int[] tg = new int[m];
        for (int e = 0; e < m; e++) tg[next[pairs[t][2 * e]]++] = pairs[t][2 * e + 1];
        g.offsets[t] = off;
        g.targets[t] = tg;
        pairs[t] = null;
      }
      return g;
    }
  }
}
