package faultline.checker;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.model.Models;

/** Runs the linearizability checker in one call, for tests. */
public final class Check {
  private Check() {}

  public static LinearizabilityResult linearizable(History history, String model, Object initial) {
    return linearizable(history, model, initial, Budget.unlimited());
  }

  public static LinearizabilityResult linearizable(History history, String model, Object initial, Budget budget) {
    try {
      return new LinearizabilityChecker().check(PairedHistory.of(history), Models.byName(model, initial), budget);
    } catch (MalformedHistoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static PairedHistory paired(History history) {
    try {
      return PairedHistory.of(history);
    } catch (MalformedHistoryException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  public static Verdict verdict(History history, String model) {
    return linearizable(history, model, null).verdict();
  }
}
