package faultline.cli.run;

import faultline.checker.Verdict;
import faultline.checker.counter.CounterChecker;
import faultline.checker.counter.CounterResult;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.model.Models;
import faultline.checker.set.SetChecker;
import faultline.checker.set.SetResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The checkers of a workload, run on its history: registers by linearizability against the
 * plan's model; counters and sets by their own checkers.
 */
public final class Checks {
  private Checks() {}

  /** One checker's verdict, its results.json entry, and lines for the terminal. */
  public record Outcome(String checker, Verdict verdict, Map<String, Object> json, List<String> explanation) {}

  public static Outcome run(TestPlan plan, History history) throws MalformedHistoryException {
    return switch (plan.workload()) {
      case "register" -> linearizability(plan, history);
      case "counter" -> counter(history);
      case "set" -> set(history);
      default -> throw new IllegalStateException("no checker for workload " + plan.workload());
    };
  }

  private static Outcome linearizability(TestPlan plan, History history) throws MalformedHistoryException {
    PairedHistory paired = PairedHistory.of(history);
    Budget budget = Budget.of(Duration.ofMillis((long) (plan.checkTimeLimitSeconds() * 1000)), 0);
    var model = Models.byName(plan.model(), null);
    LinearizabilityResult r = new LinearizabilityChecker().check(paired, model, budget);
    Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("checker", "linearizable");
    json.putAll(r.toJson());
    // The verdict per weaker model (sequential, session guarantees, convergence), each with a budget of its own.
    var models = faultline.checker.models.HistoryModels.check(paired, model, r,
        () -> Budget.of(Duration.ofMillis((long) (plan.checkTimeLimitSeconds() * 1000)), 0));
    json.put("models", models.toJson());
    List<String> lines = new ArrayList<>();
    if (r.witness() != null) {
      if (r.witness().key() != null) lines.add("key " + Values.show(r.witness().key()) + ":");
      r.witness().explain().lines().forEach(lines::add);
    }
    if (r.reason() != null) lines.add("undecided: " + r.reason());
    lines.add("consistency models (strongest first):");
    models.table().forEach(row -> lines.add("  " + row));
    return new Outcome("linearizable (" + r.model() + ", " + r.partitions().size() + " keys)", r.verdict(), json, lines);
  }

  private static Outcome counter(History history) {
    CounterResult r = new CounterChecker().check(history);
    List<String> lines = new ArrayList<>();
    r.errors().stream().limit(3).forEach(e -> lines.add(e.explain()));
    if (r.errors().size() > 3) lines.add("... and " + (r.errors().size() - 3) + " more reads out of bounds (results.json)");
    String what = "counter (" + r.reads() + " reads over " + r.keys() + " keys"
        + (r.errors().isEmpty() ? "" : "; " + r.lostUpdates() + " reads prove lost updates") + ")";
    return new Outcome(what, r.verdict(), r.toJson(), lines);
  }

  private static Outcome set(History history) {
    SetResult r = new SetChecker().check(history);
    List<String> lines = new ArrayList<>(r.explanations().stream().limit(3).toList());
    // Jepsen's set-full, every read and not just the last: lost/stale/recovered elements and latencies.
    var full = new faultline.checker.set.SetFullChecker().check(history);
    lines.add("set-full: " + full.verdict().name().toLowerCase(java.util.Locale.ROOT) + ": " + full.summary());
    String what = "set (" + r.acknowledged() + " acknowledged adds over " + r.keys() + " keys"
        + (r.lostElements() == 0 ? "" : "; " + r.lostElements() + " lost") + ")";
    Map<String, Object> json = new java.util.LinkedHashMap<>(r.toJson());
    json.put("models", Map.of("set-full", full.toJson()));
    return new Outcome(what, r.verdict(), json, lines);
  }
}
