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
    List<int[]> out = new ArrayList<>();
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) continue;
      int depth = 0;
      callNode[0] = root;
      callType[0] = 0;
      callPos[0] = types.length == 0 ? 0 : g.from(types[0], root);
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int u = callNode[depth];
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
          if (index[v] < 0) {
            index[v] = low[v] = counter++;
            stack[sp++] = v;
            onStack[v] = true;
            depth++;
            callNode[depth] = v;
            callType[depth] = 0;
            callPos[depth] = g.from(types[0], v);
            descended = true;
            break;
          } else if (onStack[v]) {
            low[u] = Math.min(low[u], index[v]);
          }
        }
        if (descended) continue;
        if (low[u] == index[u]) {
          int start = sp;
          do {
            start--;
          } while (stack[start] != u);
          if (sp - start > 1) out.add(Arrays.copyOfRange(stack, start, sp));
          for (int i = start; i < sp; i++) onStack[stack[i]] = false;
          sp = start;
        }
        depth--;
        if (depth >= 0) low[callNode[depth]] = Math.min(low[callNode[depth]], low[u]);
      }
    }
    return out;
  }

  static DepType[] typesOf(int mask) {
    List<DepType> out = new ArrayList<>();
    for (DepType t : DepType.values()) if ((mask & t.bit()) != 0) out.add(t);
    return out.toArray(new DepType[0]);
  }
}
