package faultline.results.report;

/**
 * One operation a finding points at, as a report shows it: its part in the anomaly, who did it,
 * what it did, where it is in the history, and what the checker said about it.
 *
 * @param role "anomaly" for the operation no order explains (or the read out of bounds);
 *     "before" for the linearized ops leading up to it; "candidate" for what could not follow it
 * @param value the op's value as the history shows it, or blank
 * @param completeIndex the completion's event index, or -1 when it never completed
 * @param note the checker's word on this op (why it was rejected, the state after it), or null
 */
public record WitnessOp(String role, Object key, Object process, String what, String value, long invokeIndex, long completeIndex, String note) {

  public boolean isAnomaly() {
    return role.equals("anomaly");
  }

  /** "events 12-15" or "event 12, never completed". */
  public String events() {
    return completeIndex < 0 ? "event " + invokeIndex + ", never completed" : "events " + invokeIndex + "-" + completeIndex;
  }
}
