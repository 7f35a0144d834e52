package faultline.checker.model;

import faultline.checker.history.Operation;
import java.util.List;
import java.util.Optional;

/**
 * A model's own way to decide one part of a history without the search, where the model's
 * structure allows it (as Porcupine's optional model functions: the checker asks, never assumes
 * a model). The search remains the judge of last resort: a violation found here is re-proved by
 * it for the usual witness, and a disagreement is reported as unknown.
 */
@FunctionalInterface
public interface Decider {

  /** The decision on {@code ops}, or empty when this decider does not apply to them. */
  Optional<Decision> decide(List<Operation> ops);

  /**
   * What a decider found: {@code violating} is the op no order explains and {@code explanation}
   * one sentence naming the ops that prove it; both null when the part is linearizable.
   */
  record Decision(Operation violating, String explanation) {
    public static final Decision LINEARIZABLE = new Decision(null, null);

    public boolean linearizable() {
      return violating == null;
    }
  }
}
