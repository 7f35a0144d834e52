package faultline.results.report;

import faultline.checker.WitnessOp;
import faultline.checker.consistency.LinearizableCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads results.json into {@link Finding}s: one per entry of {@code "checkers"} and one per model
 * of {@code "models"} when present. A checker's entry is a {@link faultline.checker.Result} as
 * {@code Result.toJson} writes it: its {@code "witness-ops"} and {@code "explanation-data"} are
 * read as they are. Results written before that shape existed (older stores, per-model verdicts)
 * are read by convention: {@code "explanation(s)"} hold words, maps with {@code "invoke-index"}
 * (or an {@code "events"} pair) are operations of a witness.
 */
public final class Findings {
  /** Enough for a person to follow; results.json has the rest. */
  private static final int MAX_EXPLANATIONS = 8;
  private static final int MAX_WITNESS_OPS = 200;
  private static final Set<String> NOT_SUMMARY = Set.of("valid", "checker", "witness", "witnesses", "explanation", "explanations", "summary");
  private static final String MODELS_TABLE = LinearizableCheck.MODELS_TABLE;

  private Findings() {}

  public static List<Finding> of(Map<String, Object> results) {
    List<Finding> out = new ArrayList<>();
    // First, when a run found something wrong with itself: it decides what the run may claim.
    if (results.get("harness") instanceof List<?> harness && !harness.isEmpty()) {
      List<String> reasons = new ArrayList<>();
      for (Object h : harness) {
        if (h instanceof Map<?, ?> m) reasons.add(String.valueOf(m.get("kind")).toUpperCase(java.util.Locale.ROOT) + ": " + m.get("reason"));
      }
      String checked = results.containsKey("checkers-valid") ? " (the checkers said " + Finding.word(Finding.verdictOf(results.get("checkers-valid"))) + ")" : "";
      out.add(new Finding(Finding.SELF_CHECKS, Finding.verdictOf(results.get("valid")), true, String.join("; ", reasons) + checked, reasons, List.of()));
    }
    if (results.get("checkers") instanceof List<?> checkers) {
      for (Object c : checkers) {
        if (c instanceof Map<?, ?> checker) addChecker(checker, out);
      }
      if (results.get("models") instanceof Map<?, ?> models) addModels(models, out);
    } else if (results.containsKey("valid")) {
      addChecker(results, out); // a single checker's output, as `faultline check --json` has per file
    }
    return out;
  }

  /** The checker's own finding, then one per model of its {@code "models"} (a run's or the checker's). */
  private static void addChecker(Map<?, ?> entry, List<Finding> out) {
    Map<Object, Object> checker = new LinkedHashMap<>(entry);
    Object models = checker.remove("models"); // their witnesses are theirs, not the checker's
    if (checker.containsKey("checker") || checker.containsKey("witness") || models == null) out.add(fromChecker(checker));
    if (models instanceof Map<?, ?> byModel) addModels(byModel, out);
  }

  private static void addModels(Map<?, ?> byModel, List<Finding> out) {
    byModel.forEach((model, verdict) -> {
      if (verdict instanceof Map<?, ?> v) out.add(fromModel(model.toString(), v));
    });
  }

  private static Finding fromChecker(Map<?, ?> checker) {
    String name = String.valueOf(checker.get("checker") != null ? checker.get("checker") : "check");
    if (checker.get("model") != null && !name.contains(checker.get("model").toString())) name += " (" + checker.get("model") + ")";
    String summary = checker.get("summary") instanceof String given ? given : summary(checker);
    return new Finding(name, Finding.verdictOf(checker.get("valid")), true, summary, explanations(checker), witnessOps(checker));
  }

  private static Finding fromModel(String model, Map<?, ?> verdict) {
    String summary;
    if (verdict.get("implied-by") != null) summary = "implied: " + verdict.get("implied-by") + " holds";
    else if (verdict.get("ruled-out-by") != null) summary = "ruled out: " + verdict.get("ruled-out-by") + " is violated";
    else summary = summary(verdict);
    return new Finding("model " + model, Finding.verdictOf(verdict.get("valid")), false, summary, explanations(verdict), witnessOps(verdict));
  }

  /** The checker's scalar facts (counts, model, reason), in its own order. */
  private static String summary(Map<?, ?> checker) {
    List<String> parts = new ArrayList<>();
    checker.forEach((k, v) -> {
      if (NOT_SUMMARY.contains(k.toString()) || v instanceof Map || v instanceof List) return;
      parts.add(k + " " + v);
    });
    return String.join(", ", parts);
  }

  private static List<String> explanations(Map<?, ?> checker) {
    if (checker.get("explanation-data") instanceof List<?> data) {
      // The per-model table is shown by the models' own findings.
      return data.stream().filter(e -> e instanceof Map<?, ?> m && !MODELS_TABLE.equals(m.get("type")))
          .map(e -> String.valueOf(((Map<?, ?>) e).get("text")).stripTrailing()).limit(MAX_EXPLANATIONS).toList();
    }
    Set<String> out = new LinkedHashSet<>();
    collectExplanations(checker, out);
    return out.stream().limit(MAX_EXPLANATIONS).toList();
  }

  private static void collectExplanations(Object node, Set<String> out) {
    if (out.size() >= MAX_EXPLANATIONS) return;
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (k.equals("explanation") && v instanceof String s) out.add(s.stripTrailing());
        else if (k.equals("explanations") && v instanceof List<?> list) list.forEach(e -> out.add(String.valueOf(e).stripTrailing()));
        else collectExplanations(v, out);
      });
    } else if (node instanceof List<?> list) {
      for (Object e : list) collectExplanations(e, out);
    }
  }

  /** The value of a witness op whose checker names none: shown blank, not as nil. */
  private static final Object NO_VALUE = new Object();

  /** An op's value as the history would show it (nil, [1 2]); blank when the checker named no value. */
  static String shownValue(WitnessOp op) {
    return op.value() == NO_VALUE ? "" : op.shownValue();
  }

  private static List<WitnessOp> witnessOps(Map<?, ?> checker) {
    if (checker.get("witness-ops") instanceof List<?> ops) {
      return ops.stream().filter(o -> o instanceof Map<?, ?>).limit(MAX_WITNESS_OPS).map(o -> WitnessOp.fromJson((Map<?, ?>) o)).toList();
    }
    List<WitnessOp> found = new ArrayList<>();
    collectOps(checker, null, "anomaly", found);
    // The anomaly is often listed again among the candidates: keep it once, with the candidate's reason.
    Map<Long, WitnessOp> byInvocation = new LinkedHashMap<>();
    for (WitnessOp op : found) {
      byInvocation.merge(op.invokeIndex(), op, (first, again) -> first.note() != null || again.note() == null ? first
          : new WitnessOp(first.role(), first.key(), first.process(), first.what(), first.value(), first.invokeIndex(), first.completeIndex(), again.note()));
    }
    return List.copyOf(byInvocation.values());
  }

  /**
   * Walks the checker's output; {@code role} is what the enclosing field says about the ops in it:
   * a witness's {@code "op"} is the anomaly, its {@code "prefix"} came before, its
   * {@code "candidates"} could not follow.
   */
  private static void collectOps(Object node, Object key, String role, List<WitnessOp> out) {
    if (out.size() >= MAX_WITNESS_OPS) return;
    if (node instanceof Map<?, ?> map) {
      Object k = map.get("key") != null ? map.get("key") : key;
      WitnessOp op = asOp(map, k, role);
      if (op != null) {
        out.add(op);
        return;
      }
      map.forEach((field, v) -> {
        String childRole = switch (field.toString()) {
          case "prefix" -> "before";
          case "candidates", "blocked" -> "candidate";
          case "op" -> "anomaly";
          default -> role;
        };
        collectOps(v, k, childRole, out);
      });
    } else if (node instanceof List<?> list) {
      for (Object e : list) collectOps(e, key, role, out);
    }
  }

  private static WitnessOp asOp(Map<?, ?> map, Object key, String role) {
    long invoke;
    long complete;
    if (map.get("invoke-index") instanceof Number i) {
      invoke = i.longValue();
      complete = map.get("complete-index") instanceof Number c ? c.longValue() : -1;
    } else if (map.get("events") instanceof List<?> events && events.size() == 2
        && events.get(0) instanceof Number i && events.get(1) instanceof Number c) {
      invoke = i.longValue();
      complete = c.longValue();
    } else {
      return null;
    }
    String what = map.get("description") != null ? map.get("description").toString()
        : map.get("f") != null ? map.get("f").toString() : map.get("op") instanceof String op ? op : map.get("anomaly") != null ? map.get("anomaly").toString() : "op";
    Object value = map.containsKey("value") ? map.get("value") : map.containsKey("read") ? map.get("read") : NO_VALUE;
    String note = null;
    if (map.get("rejected") != null) note = map.get("rejected").toString();
    else if (map.get("reason") != null) note = map.get("reason").toString();
    else if (map.get("state-after") != null) note = "leaves " + map.get("state-after");
    else if (map.get("explanation") != null) note = map.get("explanation").toString();
    return new WitnessOp(role, key, map.get("process"), what, value, invoke, complete, note);
  }
}
