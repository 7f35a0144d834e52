package faultline.checker.txn;

import faultline.checker.Verdict;
import faultline.checker.history.FaultWindows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the transactional checker concluded, in Elle's shape: a verdict for the models asked
 * about, the anomalies found by type, every model's own verdict (strongest first), the weakest
 * models ruled out ({@code not}), the stronger ones ruled out with them ({@code alsoNot}), and the
 * strongest models still possible.
 *
 * @param requested the models whose verdict is {@link #verdict()} (and the exit code)
 * @param reason why some models are unknown, or null
 */
public record TxnResult(
    TxnWorkload workload,
    Verdict verdict,
    List<String> requested,
    int committed,
    int crashed,
    int failed,
    Map<String, List<Anomaly>> anomalies,
    List<ModelOutcome> models,
    List<String> not,
    List<String> alsoNot,
    List<String> strongestPossible,
    String reason,
    List<FaultWindows.Window> faults,
    double checkMillis) {

  /** A checker that judges one property, not the lattice (bank, long-fork): its verdict, its anomalies. */
  static TxnResult of(TxnWorkload workload, Verdict verdict, int committed, int crashed, int failed,
      Map<String, List<Anomaly>> anomalies, List<FaultWindows.Window> faults, double millis) {
    return of(workload, verdict, committed, crashed, failed, anomalies, faults, millis, null);
  }

  /** As above, with a reason: why it is unknown, or why a history with nothing to judge is valid. */
  static TxnResult of(TxnWorkload workload, Verdict verdict, int committed, int crashed, int failed,
      Map<String, List<Anomaly>> anomalies, List<FaultWindows.Window> faults, double millis, String reason) {
    return new TxnResult(workload, verdict, List.of(workload.label() + " invariants"), committed, crashed, failed, anomalies,
        List.of(), List.of(), List.of(), List.of(), reason, faults, millis);
  }

  public List<String> anomalyTypes() {
    return List.copyOf(anomalies.keySet());
  }

  public String explain(Anomaly a) {
    return AnomalyExplainer.render(a, workload == TxnWorkload.LIST_APPEND, faults);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("model", workload.label());
    out.put("consistency-models", requested);
    out.put("txns", Map.of("ok", committed, "info", crashed, "fail", failed));
    out.put("anomaly-types", anomalyTypes());
    Map<String, Object> found = new LinkedHashMap<>();
    anomalies.forEach((type, list) -> {
      List<Object> shown = new ArrayList<>();
      for (Anomaly a : list) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("type", a.type());
        one.put("txns", a.txns().stream().map(t -> {
          Map<String, Object> txn = new LinkedHashMap<>();
          txn.put("name", t.name());
          txn.put("process", t.process().label()); // null for a completion whose history names no process
          txn.put("invoke", t.invoke());
          txn.put("complete", t.complete());
          txn.put("type", t.outcome().label());
          txn.put("value", t.mops().stream().map(MicroOp::toString).toList());
          return txn;
        }).toList());
        if (a.isCycle()) {
          one.put("steps", a.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("from", s.from().name());
            step.put("to", s.to().name());
            step.put("type", s.type().label());
            if (s.key() != null) step.put("key", s.key());
            if (s.value() != null) step.put("value", s.value());
            if (s.next() != null) step.put("next", s.next());
            return step;
          }).toList());
        }
        one.put("explanation", explain(a));
        shown.add(one);
      }
      found.put(type, shown);
    });
    out.put("anomalies", found);
    out.put("not", not);
    out.put("also-not", alsoNot);
    out.put("strongest-possible", strongestPossible);
    Map<String, Object> table = new LinkedHashMap<>();
    for (ModelOutcome m : models) table.put(m.model(), m.toJson());
    out.put("models", table);
    if (reason != null) out.put("reason", reason);
    out.put("check-ms", checkMillis);
    return out;
  }

  /** The terminal's account: the anomalies, each explained (a few per type), then the model table. */
  public List<String> text(int perType) {
    return text(toJson(), perType);
  }

  /**
   * The terminal's account from what {@link #toJson} wrote (the details of a transactional
   * checker's {@code Result}): the anomalies, each explained (a few per type), then the model table.
   */
  public static List<String> text(Map<String, Object> json, int perType) {
    List<String> lines = new ArrayList<>();
    if (json.get("anomalies") instanceof Map<?, ?> anomalies) {
      anomalies.forEach((type, found) -> {
        List<?> list = found instanceof List<?> l ? l : List.of();
        lines.add(type + " (" + list.size() + (list.size() == 1 ? " found" : " found, " + Math.min(perType, list.size()) + " shown") + "):");
        for (Object a : list.subList(0, Math.min(perType, list.size()))) {
          Object told = a instanceof Map<?, ?> m ? m.get("explanation") : null;
          for (String line : String.valueOf(told).split("\n")) lines.add("  " + line);
        }
      });
    }
    List<String> not = ModelOutcome.strings(json.get("not"));
    List<String> alsoNot = ModelOutcome.strings(json.get("also-not"));
    List<String> strongestPossible = ModelOutcome.strings(json.get("strongest-possible"));
    Map<?, ?> models = json.get("models") instanceof Map<?, ?> m ? m : Map.of();
    Verdict verdict = Verdict.ofJson(json.get("valid"));
    Object reason = json.get("reason");
    if (!not.isEmpty()) lines.add("not " + String.join(", ", not) + (alsoNot.isEmpty() ? "" : "; also not " + String.join(", ", alsoNot)));
    if (!strongestPossible.isEmpty()) lines.add("strongest models still possible: " + String.join(", ", strongestPossible));
    // A valid result's reason is why a history with nothing to judge is valid (NothingToJudge).
    boolean someUnknown = verdict == Verdict.UNKNOWN
        || models.values().stream().anyMatch(v -> v instanceof Map<?, ?> one && Verdict.ofJson(one.get("valid")) == Verdict.UNKNOWN);
    if (reason != null) lines.add(someUnknown || verdict == Verdict.INVALID ? "unknown: " + reason : reason.toString());
    if (!models.isEmpty()) {
      lines.add("consistency models (strongest first):");
      models.forEach((model, one) -> lines.add("  " + ModelOutcome.row(String.valueOf(model), one instanceof Map<?, ?> m ? m : Map.of())));
    }
    return lines;
  }
}
