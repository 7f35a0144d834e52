package faultline.checker.consistency;

import static faultline.checker.consistency.ConsistencyModels.COUNTER;
import static faultline.checker.consistency.ConsistencyModels.LINEARIZABLE;
import static faultline.checker.consistency.ConsistencyModels.SET_FULL;

import faultline.checker.Verdict;
import faultline.checker.counter.CounterChecker;
import faultline.checker.counter.CounterResult;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.model.Model;
import faultline.checker.set.SetFullChecker;
import faultline.checker.set.SetFullResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The verdict per consistency model for any history, given its linearizability result: the
 * register models ({@link RegisterModels}) for registers and kv; for counters Jepsen's bounds
 * ("counter"); for sets Jepsen's set-full ("set-full"); for other models, linearizability alone.
 * What implies what is {@link ConsistencyModels}'.
 *
 * <p>The counter and set checks are cheap and carry evidence of their own (bounds, latencies), so
 * they always run; a linearizable history passes them, and when linearizability is undecided a
 * violation of theirs rules it out.
 */
public final class HistoryModels {
  private HistoryModels() {}

  public static ModelReport check(PairedHistory history, Model<?> model, LinearizabilityResult linearizable, Supplier<Budget> budgets) {
    String name = model.name();
    if (linearizable.partitions().isEmpty()) return nothingToCheck(name, linearizable);
    if (RegisterModels.applies(name)) return RegisterModels.check(history, model, linearizable, budgets);
    ModelVerdict lin = ModelVerdict.checked(LINEARIZABLE, linearizable.verdict(),
        linearizable.verdict() == Verdict.UNKNOWN ? "undecided: " + linearizable.reason()
            : linearizable.operations() + " ops, " + linearizable.partitions().size() + " partitions", linearizable.toJson());
    List<ModelVerdict> out = new ArrayList<>();
    out.add(lin);
    ModelVerdict own = switch (name) {
      case "counter" -> {
        CounterResult r = new CounterChecker().check(history.history());
        String summary = r.reads() + " reads, " + r.errors().size() + " out of bounds (" + r.lostUpdates() + " lost updates), "
            + r.crashDependentReads() + " need a crashed add"
            + (r.errors().isEmpty() ? "" : "; e.g. " + r.errors().getFirst().explain());
        yield ModelVerdict.checked(COUNTER, r.verdict(), summary, r.toJson());
      }
      case "set" -> {
        SetFullResult r = new SetFullChecker().check(history.history());
        String summary = r.summary() + (r.explanations().isEmpty() ? "" : "; e.g. " + r.explanations().getFirst());
        yield ModelVerdict.checked(SET_FULL, r.verdict(), summary, r.toJson());
      }
      default -> null;
    };
    if (own != null) out.add(own);
    return ModelReport.ruleOutUndecided(out);
  }

  /**
   * No operation was checked, so no model holds or fails: each one is unknown, saying why; or, when
   * every client operation failed, valid, since nothing took effect (the linearizable verdict's).
   */
  private static ModelReport nothingToCheck(String name, LinearizabilityResult linearizable) {
    List<String> models = RegisterModels.applies(name) ? RegisterModels.NAMES
        : name.equals("counter") ? List.of(LINEARIZABLE, COUNTER)
        : name.equals("set") ? List.of(LINEARIZABLE, SET_FULL)
        : List.of(LINEARIZABLE);
    List<ModelVerdict> out = new ArrayList<>();
    for (String m : models) {
      boolean valid = linearizable.verdict() == Verdict.VALID;
      out.add(ModelVerdict.checked(m, linearizable.verdict(), (valid ? "" : "undecided: ") + linearizable.reason(),
          m.equals(LINEARIZABLE) ? linearizable.toJson() : Map.of("reason", linearizable.reason())));
    }
    return new ModelReport(out);
  }
}
