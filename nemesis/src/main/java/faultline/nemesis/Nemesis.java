package faultline.nemesis;

import faultline.checker.history.Op;
import java.util.Set;

/**
 * Injects faults, as Jepsen's nemesis protocol does: a fault is an op of the history (process
 * {@code nemesis}), invoked and completed like a client's. The completion says what was done
 * (which links, which node) so that a report can line faults up with anomalies.
 *
 * <p>Implementations are safe to call from two threads at once (the schedule, and a shutdown hook
 * that heals).
 */
public interface Nemesis {

  /** The {@link Op#f()} names this nemesis performs, e.g. {@code start-partition}, {@code stop-partition}. */
  Set<String> fs();

  /**
   * Performs {@code invocation} (an INVOKE op whose f is one of {@link #fs()}) and returns its
   * completion: {@code info} with what it did as value, or {@code fail} with why it could not
   * (then nothing was changed). See {@link NemesisOps}.
   */
  Op invoke(Op invocation);

  /**
   * Undoes everything this nemesis may have done: removes its toxics, enables the proxies it
   * disabled, resumes what it paused, restarts what it killed. Idempotent, callable at any time,
   * including after a failed {@link #invoke}.
   */
  void heal();
}
