package faultline.checker.consistency;

import static faultline.checker.consistency.ConsistencyModels.CONVERGENCE;
import static faultline.checker.consistency.ConsistencyModels.LINEARIZABLE;
import static faultline.checker.consistency.ConsistencyModels.SEQUENTIAL;

import faultline.checker.Verdict;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.model.Model;
import faultline.checker.sequential.SequentialChecker;
import faultline.checker.sequential.SequentialResult;
import faultline.checker.session.ConvergenceChecker;
import faultline.checker.session.ConvergenceResult;
import faultline.checker.session.SessionChecker;
import faultline.checker.session.SessionGuarantee;
import faultline.checker.session.SessionResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The verdict per consistency model for a register or kv history, given its linearizability
 * result: linearizable, sequential, the session guarantees and convergence, related as {@link
 * ConsistencyModels} says:
 *
 * <pre>
 *   linearizable ──► sequential ──► read-your-writes, monotonic-reads, monotonic-writes, writes-follow-reads
 *        └────────► convergence (a single copy explains every read, so final reads agree)
 * </pre>
 *
 * A model implied by a stronger one that holds is reported as implied, not checked again; a
 * violated session guarantee rules sequential out, its search then given only {@link
 * #WITNESS_SEARCH} to find a witness of its own (the guarantees are checked in polynomial time;
 * the search is NP-complete and would otherwise run to its time limit); and a stronger model whose checker could not
 * decide is ruled out when a weaker one is certainly violated ({@link ModelReport#ruleOutUndecided}). Each checker gets its own budget (the
 * linearizability checker cancels its budget when it finds a violation).
 */
public final class RegisterModels {
  /** Every model reported for registers and kv, strongest first: the single-object models but the counter's and set-full's own analyses. */
  public static final List<String> NAMES = ConsistencyModels.names(ConsistencyModels.Family.SINGLE_OBJECT).stream()
      .filter(m -> !m.equals(ConsistencyModels.COUNTER) && !m.equals(ConsistencyModels.SET_FULL)).toList();

  /** How long sequential's search may look for a witness of its own once a session guarantee rules it out. */
  static final Duration WITNESS_SEARCH = Duration.ofSeconds(2);

  private RegisterModels() {}

  /** Whether these models apply to histories of {@code model} (register, cas-register, kv). */
  public static boolean applies(String model) {
    return model.equals("register") || model.equals("cas-register") || model.equals("kv");
  }

  public static ModelReport check(PairedHistory history, Model<?> model, LinearizabilityResult linearizable, Supplier<Budget> budgets) {
    Map<String, ModelVerdict> out = new LinkedHashMap<>();
    out.put(LINEARIZABLE, ModelVerdict.checked(LINEARIZABLE, linearizable.verdict(), linearizableSummary(linearizable), linearizable.toJson()));
    if (linearizable.verdict() == Verdict.VALID) {
      for (String name : NAMES.subList(1, NAMES.size())) out.put(name, ModelVerdict.implied(name, Verdict.VALID, LINEARIZABLE));
      return new ModelReport(List.copyOf(out.values()));
    }

    // The session guarantees first: they are polynomial, and one of them violated rules sequential
    // out without its search, which would otherwise run to its time limit on such a history.
    SessionResult sessions = new SessionChecker().check(history, model, budgets.get());
    SessionGuarantee violated = null;
    for (SessionGuarantee g : SessionGuarantee.values()) {
      out.put(g.label(), ModelVerdict.checked(g.label(), sessions.verdict(g), sessionSummary(sessions, g), sessions.toJson(g)));
      if (violated == null && sessions.verdict(g) == Verdict.INVALID) violated = g;
    }
    // With a guarantee violated, the search only looks for its own witness, briefly: undecided, the
    // guarantee's violation rules sequential out.
    SequentialResult sequential = new SequentialChecker().check(history, model,
        violated == null ? budgets.get() : budgets.get().within(WITNESS_SEARCH));
    if (violated != null && sequential.verdict() != Verdict.INVALID) {
      out.put(SEQUENTIAL, ModelVerdict.implied(SEQUENTIAL, Verdict.INVALID, violated.label()));
    } else {
      out.put(SEQUENTIAL, ModelVerdict.checked(SEQUENTIAL, sequential.verdict(), sequentialSummary(sequential), sequential.toJson()));
      if (sequential.verdict() == Verdict.VALID) {
        for (SessionGuarantee g : SessionGuarantee.values()) out.put(g.label(), ModelVerdict.implied(g.label(), Verdict.VALID, SEQUENTIAL));
      }
    }
    ConvergenceResult convergence = new ConvergenceChecker().check(history, model, budgets.get());
    out.put(CONVERGENCE, ModelVerdict.checked(CONVERGENCE, convergence.verdict(), convergenceSummary(convergence), convergence.toJson()));

    List<ModelVerdict> ordered = new ArrayList<>();
    for (String name : NAMES) ordered.add(out.get(name));
    return ModelReport.ruleOutUndecided(ordered);
  }

  private static String linearizableSummary(LinearizabilityResult r) {
    return switch (r.verdict()) {
      case VALID -> r.operations() + " ops, " + r.partitions().size() + " partitions";
      case INVALID -> (r.witness() != null && r.witness().key() != null ? "key " + Values.show(r.witness().key()) + ": " : "")
          + (r.witness() == null ? "violation" : r.witness().explain().lines().findFirst().orElse("violation"));
      case UNKNOWN -> "undecided: " + r.reason();
    };
  }

  private static String sequentialSummary(SequentialResult r) {
    return switch (r.verdict()) {
      case VALID -> "an order keeping each process's own order explains every read (" + r.groups() + (r.groups() == 1 ? " group)" : " groups)");
      case INVALID -> r.witness().explain().lines().findFirst().orElse("violation") + " Furthest: " + r.witness().placed()
          + " of " + r.witness().operations() + " placed";
      case UNKNOWN -> "undecided: " + r.reason();
    };
  }

  private static String sessionSummary(SessionResult r, SessionGuarantee g) {
    return switch (r.verdict(g)) {
      case VALID -> "no certain violation over " + r.keys() + " keys (detects " + g.detects() + ")";
      case INVALID -> r.violationCounts().get(g) + " violations, e.g. " + r.violations(g).getFirst().explain();
      case UNKNOWN -> "undecided: " + r.reason();
    };
  }

  private static String convergenceSummary(ConvergenceResult r) {
    return switch (r.verdict()) {
      case VALID -> "final reads agree on " + r.keysJudged() + " of " + r.keys() + " keys (others have fewer than two final reads)";
      case INVALID -> r.diverged().size() + " keys diverged, e.g. " + r.diverged().getFirst().explain();
      case UNKNOWN -> "undecided: " + r.reason();
    };
  }
}
