package faultline.checker.consistency;

import faultline.checker.Check;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.model.Model;
import faultline.checker.model.Models;
import faultline.checker.sequential.SequentialChecker;
import faultline.checker.session.ConvergenceChecker;
import faultline.checker.session.SessionChecker;
import faultline.checker.session.SessionGuarantee;
import faultline.checker.session.SessionResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every register model checked directly (no implication), for tests that compare them. */
final class DirectVerdicts {
  private DirectVerdicts() {}

  static Map<String, Verdict> of(History history, String modelName) {
    try {
      PairedHistory paired = PairedHistory.of(history);
      Model<?> model = Models.byName(modelName, null);
      Map<String, Verdict> out = new LinkedHashMap<>();
      out.put("linearizable", Check.linearizable(history, modelName, null).verdict());
      out.put("sequential", new SequentialChecker().check(paired, model, budget()).verdict());
      SessionResult sessions = new SessionChecker().check(paired, model, budget());
      for (SessionGuarantee g : SessionGuarantee.values()) out.put(g.label(), sessions.verdict(g));
      out.put("convergence", new ConvergenceChecker().check(paired, model, budget()).verdict());
      return out;
    } catch (MalformedHistoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static ModelReport report(History history, String modelName) {
    try {
      PairedHistory paired = PairedHistory.of(history);
      Model<?> model = Models.byName(modelName, null);
      return RegisterModels.check(paired, model, Check.linearizable(history, modelName, null), DirectVerdicts::budget);
    } catch (MalformedHistoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  static Budget budget() {
    return Budget.of(Duration.ofSeconds(20), 0);
  }
}
