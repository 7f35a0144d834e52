package faultline.checker;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;

/**
 * One analysis of a history, as Jepsen's {@code Checker} protocol: a pure function from the
 * history, and the time and memory it may use, to a {@link Result}. A checker that cannot decide
 * says {@link Verdict#UNKNOWN} with its reason, never {@link Verdict#VALID}: a CI gate trusts
 * valid. Checkers compose with {@link Checkers#compose}.
 */
@FunctionalInterface
public interface Checker {

  /**
   * @throws MalformedHistoryException when the history cannot be read as this checker needs it
   *     (bad input: exit 64, not a verdict)
   */
  Result check(History history, Budget budget) throws MalformedHistoryException;
}
