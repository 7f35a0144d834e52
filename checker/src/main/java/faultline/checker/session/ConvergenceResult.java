package faultline.checker.session;

import faultline.checker.Verdict;
import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import faultline.checker.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether each key's final reads agree.
 *
 * @param keysJudged keys with at least two final reads
 * @param reason for UNKNOWN, why
 */
public record ConvergenceResult(Verdict verdict, int keys, int keysJudged, List<Divergence> diverged, String reason) {

  /**
   * A key whose final reads disagree.
   *
   * @param crashedWritesTried whether crashed writes landing late were tried as an explanation
   */
  public record Divergence(Object key, List<Operation> finalReads, List<Object> values, boolean crashedWritesTried) {
    public String explain() {
      List<Object> shown = values.stream().map(v -> v == Model.NIL ? null : v).toList();
      Operation first = finalReads.getFirst();
      return (key == null ? "" : "key " + Values.show(key) + ": ") + finalReads.size() + " final reads (from events "
          + first.invocation().index() + "-" + first.completion().index() + ", after every write completed) return "
          + shown.size() + " different values " + Values.show(shown)
          + (crashedWritesTried ? "; no crashed write landing late explains it" : "; no write was in flight");
    }
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("keys", keys);
    out.put("keys-judged", keysJudged);
    out.put("final-reads", "successful reads invoked after every acknowledged write to the key completed and every crashed one was invoked;"
        + " they mean convergence only if the system had healed and recovered by then, as a run's final reads are");
    if (reason != null) out.put("reason", reason);
    if (!diverged.isEmpty()) {
      out.put("diverged-keys", diverged.size());
      out.put("witnesses", diverged.stream().limit(20).map(d -> {
        Map<String, Object> m = new LinkedHashMap<>();
        if (d.key() != null) m.put("key", d.key());
        m.put("values", d.values().stream().map(v -> v == Model.NIL ? null : v).toList());
        m.put("final-reads", d.finalReads().stream().map(r -> List.of(r.invocation().index(), r.completion().index())).toList());
        m.put("explanation", d.explain());
        return m;
      }).toList());
    }
    return out;
  }
}
