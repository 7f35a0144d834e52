package faultline.checker.txn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders beside data dependencies: each process's transactions in turn, and real time.
 *
 * <p>Real time is added as Elle does, as a near transitive reduction: the full relation has an
 * edge from every completed transaction to every later one, quadratic in the history. A
 * transaction invoked now follows every transaction of the current <em>frontier</em>, those
 * completed and not yet known to precede another completed one; when a transaction completes, it
 * joins the frontier and replaces those it followed (anything after it follows them through it).
 */
final class OrderEdges {
  private OrderEdges() {}

  /** Consecutive transactions of each process (failed ones did nothing and are skipped). */
  static void process(List<Txn> txns, DependencyGraph.Builder graph) {
    Map<Object, Integer> last = new HashMap<>();
    for (Txn t : txns) {
      if (t.failed()) continue;
      Integer before = last.put(t.process(), t.id());
      if (before != null) graph.add(DepType.PROCESS, before, t.id());
    }
  }

  static void realTime(TxnHistory history, DependencyGraph.Builder graph) {
    int[] events = history.realTimeEvents();
    if (events == null) return;
    int n = history.txns().size();
    int[] frontier = new int[16];
    int size = 0;
    // What the frontier was when each transaction was invoked: the ones it follows.
    int[][] followed = new int[n][];
    boolean[] inFrontier = new boolean[n];
    for (int e : events) {
      int id = e >>> 1;
      if ((e & 1) == 0) {
        int[] preds = java.util.Arrays.copyOf(frontier, size);
        for (int p : preds) graph.add(DepType.REALTIME, p, id);
        followed[id] = preds;
      } else {
        for (int p : followed[id]) inFrontier[p] = false;
        followed[id] = null;
        int kept = 0;
        for (int i = 0; i < size; i++) if (inFrontier[frontier[i]]) frontier[kept++] = frontier[i];
        size = kept;
        if (size == frontier.length) frontier = java.util.Arrays.copyOf(frontier, size * 2);
        frontier[size++] = id;
        inFrontier[id] = true;
      }
    }
  }
}
