package faultline.checker.model;

import faultline.checker.history.Operation;
import java.util.List;
import java.util.Optional;

/**
 * A sequential specification: what a single copy of the object would do. Pure: {@link #step} has
 * no side effects and states are immutable values with {@code equals} and {@code hashCode},
 * because the search memoizes (linearized set, state) pairs.
 *
 * @param <S> the state type; never null (models represent "nil" with {@link #NIL})
 */
public interface Model<S> {

  /** The state of a register that holds nil: states are never null, so nil needs a value. */
  Object NIL = new Object() {
    @Override
    public String toString() {
      return "nil";
    }
  };

  /** The state of a register holding {@code value}: the value itself, or {@link #NIL} for nil. */
  static Object held(Object value) {
    return value == null ? NIL : value;
  }

  /** The name used on the command line, e.g. {@code cas-register}. */
  String name();

  S init();

  /** The state after {@code op} in {@code state}, or null when {@code op} cannot happen there. */
  S step(S state, Operation op);

  /**
   * Whether {@code op} only observes. A crashed observation constrains nothing (its result is
   * unknown and it changed nothing), so checkers drop it before searching.
   */
  boolean isReadOnly(Operation op);

  /** Why this model cannot interpret {@code op} (an unknown function, a bad value), or null. */
  String problem(Operation op);

  /**
   * Splits one key's operations into parts that can be checked independently (P-compositionality):
   * the history is linearizable iff every part is. By default, one part.
   */
  default List<List<Operation>> partition(List<Operation> operations) {
    return List.of(operations);
  }

  /**
   * The operations without those that cannot change the verdict: crashed operations whose
   * effect no other operation can have observed. A crashed op may take effect or not, so when
   * nothing could tell whether it did, the search may as well assume it did not. Crashed ops
   * otherwise stay concurrent with everything after them and make the search explode (Porcupine
   * gives up on such histories). By default nothing is pruned.
   */
  default List<Operation> withoutUnobservable(List<Operation> operations) {
    return operations;
  }

  /** The operation as a person reads it: "read 3", "cas 1 to 4". */
  /**
   * A way to decide parts of a history without the search, when this model has one (a register
   * whose written values are distinct: {@link RegisterZones}). By default none.
   */
  default Optional<Decider> decider() {
    return Optional.empty();
  }

  String describeOperation(Operation op);

  /** The state as a person reads it: "register 4". */
  String describeState(S state);

  /** One sentence on why {@code op} cannot happen in {@code state}. */
  default String explainRejection(S state, Operation op) {
    return "can't " + describeOperation(op) + " from " + describeState(state);
  }
}
