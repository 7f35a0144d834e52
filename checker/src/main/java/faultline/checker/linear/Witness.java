package faultline.checker.linear;

import faultline.checker.WitnessOp;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Why a partition is not linearizable, as a person can follow it: the longest linearizable prefix
 * the search found, the operation that had to take effect next (its completion had arrived) but
 * could not, and for every operation that could have come next, what rules it out.
 *
 * @param key the independent key of the partition, or null
 * @param prefix the longest linearizable order found, each op with the state it leaves
 * @param stuck the completed operation that could not be linearized after {@code prefix}
 * @param state the model state after {@code prefix}, described
 * @param candidates what was tried after {@code prefix}, and why each fails
 * @param faults the faults in effect while {@code stuck} ran, described (see {@link #during})
 */
public record Witness(Object key, List<Step> prefix, Operation stuck, String stuckDescription, String state, List<Attempt> candidates,
    List<String> faults) {

  public Witness(Object key, List<Step> prefix, Operation stuck, String stuckDescription, String state, List<Attempt> candidates) {
    this(key, prefix, stuck, stuckDescription, state, candidates, List.of());
  }

  /**
   * This witness with the faults of {@code windows} that were in effect at some time between the
   * stuck operation's invocation and its completion (or the end, if it never completed): what a
   * reader asks first about an anomaly found under faults.
   */
  public Witness during(List<FaultWindows.Window> windows) {
    long from = stuck.invocation().index();
    long to = stuck.completion() == null ? Long.MAX_VALUE : stuck.completion().index();
    List<String> on = windows.stream().filter(w -> w.from() <= to && w.to() >= from).map(FaultWindows.Window::describe).toList();
    return new Witness(key, prefix, stuck, stuckDescription, state, candidates, on);
  }

  /** One linearized operation and the state after it. */
  public record Step(Operation op, String description, String stateAfter) {}

  /**
   * An operation that could have been next. {@code rejection} is the model's reason when it
   * cannot happen in that state; null when it can, but every continuation from it fails.
   */
  public record Attempt(Operation op, String description, String rejection) {}

  /** The witness as plain data for results files. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (key != null) out.put("key", key);
    out.put("op", opJson(stuck, null));
    out.put("state", state);
    out.put("prefix-length", prefix.size());
    out.put("prefix", prefix.stream().map(s -> {
      var m = opJson(s.op(), s.description());
      m.put("state-after", s.stateAfter());
      return m;
    }).toList());
    out.put("candidates", candidates.stream().map(a -> {
      var m = opJson(a.op(), a.description());
      m.put("rejected", a.rejection() != null ? a.rejection() : "possible, but every order after it fails");
      return m;
    }).toList());
    if (!faults.isEmpty()) out.put("faults", faults);
    out.put("explanation", explain());
    return out;
  }

  private static Map<String, Object> opJson(Operation op, String description) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", op.id());
    m.put("process", op.process().label());
    m.put("f", op.f());
    if (description != null) m.put("description", description);
    m.put("value", op.value());
    m.put("invoke-index", op.invocation().index());
    if (op.completion() != null) m.put("complete-index", op.completion().index());
    m.put("crashed", op.crashed());
    return m;
  }

  /**
   * The operations of this witness for a report: the stuck one (with its own rejection when it
   * is among the candidates), the last steps of the prefix, then the other candidates.
   */
  public List<WitnessOp> ops() {
    List<WitnessOp> out = new ArrayList<>();
    String stuckNote = candidates.stream().filter(a -> a.op() == stuck).map(Attempt::rejection).filter(Objects::nonNull)
        .findFirst().orElse(null);
    out.add(WitnessOp.of(WitnessOp.ANOMALY, key, stuck, stuckDescription, stuckNote));
    for (Step s : prefix) out.add(WitnessOp.of(WitnessOp.BEFORE, key, s.op(), s.description(),
        "leaves " + s.stateAfter()));
    for (Attempt a : candidates) {
      if (a.op() == stuck) continue;
      out.add(WitnessOp.of(WitnessOp.CANDIDATE, key, a.op(), a.description(),
          a.rejection() != null ? a.rejection() : "possible, but every order after it fails"));
    }
    return out;
  }

  /** The witness in a few lines of plain English. */
  public String explain() {
    StringBuilder out = new StringBuilder();
    out.append(name(stuck, stuckDescription)).append(" completed, but no order of the operations before it explains it.\n");
    if (!faults.isEmpty()) out.append("  While it ran, ").append(String.join("; ", faults)).append(faults.size() == 1 ? " was" : " were").append(" in effect.\n");
    if (prefix.isEmpty()) {
      out.append("  Before any operation, the state is ").append(state).append(".\n");
    } else {
      out.append("  The longest linearizable prefix found (").append(prefix.size()).append(" ops) ends with:\n");
      int from = Math.max(0, prefix.size() - 5);
      if (from > 0) out.append("    ... ").append(from).append(" earlier ops\n");
      for (Step s : prefix.subList(from, prefix.size())) {
        out.append("    ").append(name(s.op(), s.description())).append(" -> ").append(s.stateAfter()).append('\n');
      }
    }
    out.append("  Then nothing can follow:\n");
    for (Attempt a : candidates) {
      out.append("    ").append(name(a.op(), a.description())).append(": ")
          .append(a.rejection() != null ? a.rejection() : "possible, but every order after it fails").append('\n');
    }
    return out.toString();
  }

  /** "process 1's read 1 (events 8-10)": who, what, and where to find it in the history. */
  static String name(Operation op, String description) {
    return op.named(description);
  }
}
