package faultline.checker.sequential;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why no order keeping each process's own order explains a group of operations: the furthest the
 * search got (how many ops it placed, each key's state there) and, for every process, the op it
 * would have to take next and why that cannot happen.
 *
 * @param states each key's state at the furthest point (key null for single-object histories)
 */
public record SequentialWitness(int placed, int operations, Map<Object, String> states, List<Blocked> blocked) {

  /** A process's next operation at the furthest point, and why it cannot be next. */
  public record Blocked(Operation op, String description, String reason) {}

  public String explain() {
    StringBuilder out = new StringBuilder();
    out.append("No order that keeps each process's own order explains these ").append(operations).append(" ops.\n");
    out.append("  The furthest such order places ").append(placed).append(" of them, leaving ");
    out.append(String.join(", ", states.entrySet().stream()
        .map(e -> (e.getKey() == null ? "" : "key " + Values.show(e.getKey()) + " ") + e.getValue())
        .limit(5).toList()));
    out.append(states.size() > 5 ? ", ..." : "").append(".\n  Then no process can go on:\n");
    for (Blocked b : blocked.stream().limit(10).toList()) {
      out.append("    ").append(name(b.op(), b.description())).append(": ").append(b.reason()).append('\n');
    }
    if (blocked.size() > 10) out.append("    ... and ").append(blocked.size() - 10).append(" more processes\n");
    return out.toString();
  }

  static String name(Operation op, String description) {
    String where = op.completion() == null ? "event " + op.invocation().index() + ", never completed"
        : "events " + op.invocation().index() + "-" + op.completion().index() + (op.crashed() ? ", crashed" : "");
    return "process " + op.process() + "'s " + description + " (" + where + ")";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("placed", placed);
    out.put("operations", operations);
    Map<String, Object> shown = new LinkedHashMap<>();
    states.forEach((k, v) -> shown.put(String.valueOf(k), v));
    out.put("states", shown);
    out.put("blocked", blocked.stream().map(b -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("process", b.op().process().label());
      m.put("op", b.description());
      m.put("invoke-index", b.op().invocation().index());
      if (b.op().completion() != null) m.put("complete-index", b.op().completion().index());
      m.put("reason", b.reason());
      return m;
    }).toList());
    out.put("explanation", explain());
    return out;
  }
}
