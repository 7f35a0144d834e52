package faultline.checker.consistency;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.linear.Progress;
import faultline.checker.linear.Witness;
import faultline.checker.model.Model;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linearizability against a model, and (unless switched off) the verdict per weaker consistency
 * model beside it, as one {@link Checker} named {@code linearizable}. The weaker models get a
 * time of their own: the search cancels its budget when it finds a violation.
 *
 * @param weakerModelsTime how long the weaker models may take each; null to skip them
 * @param progress where the search reports partitions done, or null
 */
public record LinearizableCheck(Model<?> model, Duration weakerModelsTime, Progress progress) implements Checker {
  public static final String NAME = "linearizable";

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    PairedHistory paired = PairedHistory.of(history);
    long started = System.nanoTime();
    LinearizabilityResult r = new LinearizabilityChecker().check(paired, model, budget, progress == null ? new Progress() : progress);
    long searched = System.nanoTime();
    Map<String, Object> details = new LinkedHashMap<>(r.toJson());
    details.put("search-ms", millis(searched - started));
    ModelReport models = null;
    if (weakerModelsTime != null) {
      models = HistoryModels.check(paired, model, r, () -> Budget.of(weakerModelsTime, budget.memoryBytes()));
      details.put("models", models.toJson());
      details.put("models-ms", millis(System.nanoTime() - searched));
    }
    Result.Builder out = Result.of(NAME, r.verdict()).summary(summary(r)).reason(r.reason()).details(details);
    Witness w = r.witness();
    if (w != null) {
      Map<String, Object> data = new LinkedHashMap<>(w.toJson());
      data.remove("explanation");
      String text = (w.key() != null ? "key " + Values.show(w.key()) + ":\n" : "") + w.explain().stripTrailing();
      out.explain(new Explanation("not-linearizable", data, text)).witness(w.ops());
    } else if (r.verdict() == Verdict.INVALID) {
      out.explain(Explanation.text("not-linearizable", "(no witness: retracing the search for one ran out of time)"));
    }
    if (models != null) {
      out.ruledOut(models.verdicts().stream().filter(v -> v.verdict() == Verdict.INVALID).map(ModelVerdict::model).toList());
      out.explain(new Explanation(MODELS_TABLE, Map.of(), "consistency models (strongest first):\n  "
          + String.join("\n  ", models.table())));
    } else if (r.verdict() == Verdict.INVALID) {
      out.ruledOut(List.of(ConsistencyModels.LINEARIZABLE));
    }
    return out.build();
  }

  /** The type of the explanation that holds the per-model table (reports show the models on their own). */
  public static final String MODELS_TABLE = "consistency-models";

  /** "5 ops, 1 crashed, 1 partition". */
  private static String summary(LinearizabilityResult r) {
    return r.operations() + " ops"
        + (r.crashed() > 0 ? ", " + r.crashed() + " crashed" : "")
        + (r.failed() > 0 ? ", " + r.failed() + " failed" : "")
        + ", " + r.partitions().size() + " partition" + (r.partitions().size() == 1 ? "" : "s");
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
