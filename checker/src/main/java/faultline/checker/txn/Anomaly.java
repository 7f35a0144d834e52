package faultline.checker.txn;

import java.util.List;

/**
 * One anomaly found, as data: its type (Elle's names: G0, G1c-process, G-single, G1a,
 * incompatible-order, ...), the transactions involved, and for a dependency cycle its steps.
 * {@link AnomalyExplainer} renders it for people.
 *
 * @param steps the cycle, each step's {@code to} the next one's {@code from}; empty for anomalies
 *     that are not cycles
 * @param detail for non-cycle anomalies, what was seen, in one sentence
 */
public record Anomaly(String type, List<Txn> txns, List<Step> steps, String detail) {

  public static Anomaly cycle(String type, List<Step> steps) {
    return new Anomaly(type, steps.stream().map(Step::from).toList(), List.copyOf(steps), null);
  }

  public static Anomaly of(String type, List<Txn> txns, String detail) {
    return new Anomaly(type, List.copyOf(txns), List.of(), detail);
  }

  public boolean isCycle() {
    return !steps.isEmpty();
  }
}
