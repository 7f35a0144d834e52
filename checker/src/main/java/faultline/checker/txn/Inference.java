package faultline.checker.txn;

import java.util.List;
import java.util.Set;

/**
 * What a workload's analysis infers from the values transactions observed: the data dependencies
 * between them, the anomalies visible without any cycle (aborted reads, ...), and why an edge is
 * there, asked only for the edges of a reported cycle (keeping a reason per edge would double the
 * memory of big histories).
 */
interface Inference {
  /** The ww, wr and rw edges found (process and real-time order are added by the checker). */
  DependencyGraph.Builder edges();

  List<Anomaly> anomalies();

  /** The data that makes {@code a -type-> b} an edge, or null when it is not one. */
  Step explain(Txn a, Txn b, DepType type);

  /** Whether writes are appends to lists (for the wording of explanations). */
  boolean lists();

  /** Anomalies the inference could not decide (it ran out of its budget), leaving the models forbidding them unknown. */
  default Set<String> undecided() {
    return Set.of();
  }

  /** Why, when {@link #undecided} is not empty. */
  default String undecidedReason() {
    return null;
  }
}
