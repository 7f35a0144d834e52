package faultline.checker;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One operation a result points at, with its part in the anomaly, so that reports highlight it
 * without guessing it back out of the checker's details.
 *
 * @param role {@link #ANOMALY} for the operation no order explains (a read out of bounds, a
 *     read lacking acknowledged elements); {@link #BEFORE} for what was ordered before it;
 *     {@link #CANDIDATE} for what could not follow it
 * @param what how the checker describes the op ("read 3", "cas [1 4]"), or its f
 * @param value the op's value as the history has it (untrusted: render it escaped)
 * @param completeIndex the completion's event index, or -1 when it never completed
 * @param note the checker's word on this op (why it was rejected, the state after it), or null
 */
public record WitnessOp(String role, Object key, Object process, String what, Object value, long invokeIndex, long completeIndex,
    String note) {
  public static final String ANOMALY = "anomaly";
  public static final String BEFORE = "before";
  public static final String CANDIDATE = "candidate";

  /** A paired operation of the history in {@code role}. */
  public static WitnessOp of(String role, Object key, Operation op, String what, String note) {
    return new WitnessOp(role, key, op.process().label(), what == null ? op.f() : what, op.value(), op.invocation().index(),
        op.completion() == null ? -1 : op.completion().index(), note);
  }

  public boolean isAnomaly() {
    return role.equals(ANOMALY);
  }

  /** "events 12-15" or "event 12, never completed". */
  public String events() {
    return completeIndex < 0 ? "event " + invokeIndex + ", never completed" : "events " + invokeIndex + "-" + completeIndex;
  }

  /** The value as the history would show it (nil, [1 2]). */
  public String shownValue() {
    return Values.show(value);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", role);
    if (key != null) out.put("key", key);
    out.put("process", process);
    out.put("what", what);
    out.put("value", value);
    out.put("invoke-index", invokeIndex);
    if (completeIndex >= 0) out.put("complete-index", completeIndex);
    if (note != null) out.put("note", note);
    return out;
  }

  /** Reads back what {@link #toJson} wrote (results.json, for reports). */
  public static WitnessOp fromJson(Map<?, ?> m) {
    long invoke = m.get("invoke-index") instanceof Number n ? n.longValue() : -1;
    long complete = m.get("complete-index") instanceof Number n ? n.longValue() : -1;
    return new WitnessOp(String.valueOf(m.get("role")), m.get("key"), m.get("process"), String.valueOf(m.get("what")), m.get("value"),
        invoke, complete, m.get("note") == null ? null : m.get("note").toString());
  }
}
