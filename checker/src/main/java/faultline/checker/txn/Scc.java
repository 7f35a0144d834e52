package faultline.checker.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strongly connected components of the graph restricted to some edge types (Tarjan's algorithm,
 * with an explicit stack: a million transactions would overflow the thread's). Every cycle lies
 * inside one component, so cycle searches look only inside components of two or more nodes.
 */
final class Scc {
  private Scc() {}

  /** The components of two or more nodes, each an array of node ids. */
  static List<int[]> nontrivial(DependencyGraph g, int mask) {
    int n = g.nodes();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) all[i] = i;
    int[] local = new int[n];
    for (int i = 0; i < n; i++) local[i] = i;
    List<int[]> out = new ArrayList<>();
    tarjan(g, mask, all, local, (members, from, to) -> {
      if (to - from > 1) out.add(Arrays.copyOfRange(members, from, to));
    });
    return out;
  }

  /**
   * The components of the subgraph on {@code nodes} (node {@code v} is inside when
   * {@code local[v] >= 0}, its position in {@code nodes}), numbered in the order Tarjan's algorithm
   * completes them, which is a reverse topological order: an edge between two components always
   * goes from a higher number to a lower one. So a node can reach another only if its component's
   * number is at least the other's. Indexed by local position.
   */
  static int[] numbered(DependencyGraph g, int mask, int[] nodes, int[] local) {
    int[] number = new int[nodes.length];
    int[] next = {0};
    tarjan(g, mask, nodes, local, (members, from, to) -> {
      for (int i = from; i < to; i++) number[local[members[i]]] = next[0];
      next[0]++;
    });
    return number;
  }

  private interface Found {
    /** A component: {@code members[from .. to)}. */
    void component(int[] members, int from, int to);
  }

  private static void tarjan(DependencyGraph g, int mask, int[] nodes, int[] local, Found found) {
    int n = nodes.length;
    DepType[] types = typesOf(mask);
    int[] index = new int[n];
    int[] low = new int[n];
    Arrays.fill(index, -1);
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int sp = 0;
    // The call stack: node, and where it is in its successors (type, then position).
    int[] callNode = new int[n];
    int[] callType = new int[n];
    int[] callPos = new int[n];
    int counter = 0;
    for (int r = 0; r < n; r++) {
      int root = nodes[r];
      if (index[r] >= 0) continue;
      int depth = 0;
      callNode[0] = root;
      callType[0] = 0;
      callPos[0] = types.length == 0 ? 0 : g.from(types[0], root);
      index[r] = low[r] = counter++;
      stack[sp++] = root;
      onStack[r] = true;
      while (depth >= 0) {
        int u = callNode[depth];
        int lu = local[u];
        boolean descended = false;
        while (callType[depth] < types.length) {
          DepType t = types[callType[depth]];
          int[] targets = g.targets(t);
          int end = g.to(t, u);
          if (callPos[depth] >= end) {
            callType[depth]++;
            if (callType[depth] < types.length) callPos[depth] = g.from(types[callType[depth]], u);
            continue;
          }
          int v = targets[callPos[depth]++];
          int lv = local[v];
          if (lv < 0) continue;
          if (index[lv] < 0) {
            index[lv] = low[lv] = counter++;
            stack[sp++] = v;
            onStack[lv] = true;
            depth++;
            callNode[depth] = v;
            callType[depth] = 0;
            callPos[depth] = g.from(types[0], v);
            descended = true;
            break;
          } else if (onStack[lv]) {
            low[lu] = Math.min(low[lu], index[lv]);
          }
        }
        if (descended) continue;
        if (low[lu] == index[lu]) {
          int start = sp;
          do {
            start--;
          } while (stack[start] != u);
          found.component(stack, start, sp);
          for (int i = start; i < sp; i++) onStack[local[stack[i]]] = false;
          sp = start;
        }
        depth--;
        if (depth >= 0) {
          int parent = local[callNode[depth]];
          low[parent] = Math.min(low[parent], low[lu]);
        }
      }
    }
  }

  static DepType[] typesOf(int mask) {
    List<DepType> out = new ArrayList<>();
    for (DepType t : DepType.values()) if ((mask & t.bit()) != 0) out.add(t);
    return out.toArray(new DepType[0]);
  }
}
