package faultline.checker.txn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The orders beside data dependencies: each process's transactions in turn, and real time.
 *
 * <p>Real time relates every transaction that completed to every one invoked later: quadratic as
 * edges, and still about concurrency times the history even as Elle reduces it (an edge from each
 * transaction of the current frontier), 50 million edges for a million transactions at
 * concurrency 50. Instead, each completion is a point of time, a node after the transactions: a
 * transaction leads to the point of its completion, each point to the next, and each point to the
 * transactions invoked after it and before the next. One transaction then reaches another through
 * points exactly when it completed before the other began, with three edges per transaction.
 * Cycle searches walk through points like any node; {@link TxnChecker} folds each run of points
 * back into one real-time step between transactions.
 */
final class OrderEdges {
  private OrderEdges() {}

  /**
   * Consecutive transactions of each process (failed ones did nothing and are skipped). A crashed
   * one follows its process's previous transactions but precedes nothing: it may have committed
   * long after its process went on (Jepsen retires such a process; some tools do not).
   */
  static void process(List<Txn> txns, DependencyGraph.Builder graph) {
    Map<Object, Integer> last = new HashMap<>();
    for (Txn t : txns) {
      if (t.failed()) continue;
      Integer before = t.committed() ? last.put(t.process(), t.id()) : last.get(t.process());
      if (before != null) graph.add(DepType.PROCESS, before, t.id());
    }
  }

  static void realTime(TxnHistory history, DependencyGraph.Builder graph) {
    int[] events = history.realTimeEvents();
    if (events == null) return;
    int point = -1; // the latest completion's point of time
    for (int e : events) {
      int id = e >>> 1;
      if ((e & 1) == 0) {
        if (point >= 0) graph.add(DepType.REALTIME, point, id);
      } else {
        int next = graph.addNodes(1);
        if (point >= 0) graph.add(DepType.REALTIME, point, next);
        graph.add(DepType.REALTIME, id, next);
        point = next;
      }
    }
  }
}
