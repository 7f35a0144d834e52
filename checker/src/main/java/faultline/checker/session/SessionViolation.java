package faultline.checker.session;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import faultline.checker.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One certain violation of a session guarantee: what the process did before ({@code earlier}),
 * what it did then ({@code later}), and the chain of values proving the order that contradicts it.
 *
 * @param chain values from the one certainly older to the one certainly newer, each step a link
 *     of {@link VersionOrder}
 */
public record SessionViolation(SessionGuarantee guarantee, Object key, Operation earlier, Operation later, List<Object> chain) {

  public String explain() {
    String who = "process " + later.process();
    String where = key == null ? "" : "key " + Values.show(key) + ": ";
    String order = chainText();
    return where + switch (guarantee) {
      case READ_YOUR_WRITES -> who + " wrote " + show(chain.getLast()) + " " + events(earlier) + ", then read "
          + show(chain.getFirst()) + " " + events(later) + ", which is older (" + order + "): it does not see its own write";
      case MONOTONIC_READS -> who + " read " + show(chain.getLast()) + " " + events(earlier) + ", then read "
          + show(chain.getFirst()) + " " + events(later) + ", which is older (" + order + "): its reads went back in time";
      case MONOTONIC_WRITES -> who + " wrote " + show(chain.getLast()) + " " + events(earlier) + " before "
          + show(chain.getFirst()) + " " + events(later) + ", yet they took effect the other way round (" + order + ")";
      case WRITES_FOLLOW_READS -> who + " read " + show(chain.getLast()) + " " + events(earlier) + ", then wrote "
          + show(chain.getFirst()) + " " + events(later) + ", which took effect before what it had read (" + order + ")";
    };
  }

  private String chainText() {
    StringBuilder out = new StringBuilder();
    for (Object v : chain) out.append(out.isEmpty() ? "" : " < ").append(show(v));
    return out.toString();
  }

  private static String show(Object v) {
    return Values.show(v == Model.NIL ? null : v);
  }

  private static String events(Operation op) {
    return op.completion() == null ? "(event " + op.invocation().index() + ")"
        : "(events " + op.invocation().index() + "-" + op.completion().index() + ")";
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (key != null) out.put("key", key);
    out.put("process", later.process().label());
    out.put("earlier-events", indices(earlier));
    out.put("later-events", indices(later));
    out.put("order", chain.stream().map(v -> v == Model.NIL ? null : v).toList());
    out.put("explanation", explain());
    return out;
  }

  private static List<Long> indices(Operation op) {
    return op.completion() == null ? List.of(op.invocation().index())
        : List.of(op.invocation().index(), op.completion().index());
  }
}
