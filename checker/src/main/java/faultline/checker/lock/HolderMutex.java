package faultline.checker.lock;

import faultline.checker.history.Operation;
import faultline.checker.model.Model;
import java.util.Objects;

/**
 * Knossos' {@code mutex} ({@link faultline.checker.model.Mutex}), remembering who holds the lock
 * only so that the release the server makes for a crashed holder ({@link MutexHistory}) releases
 * that holder's lock and no other: a client's release is Knossos' (any held lock), an acquire of a
 * held lock or a release of a free one cannot happen.
 */
final class HolderMutex implements Model<HolderMutex.State> {

  /** The lock's state: its holder (a process label), or null when free. */
  record State(Object holder) {
    static final State FREE = new State(null);
  }

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public State init() {
    return State.FREE;
  }

  @Override
  public State step(State state, Operation op) {
    boolean held = state.holder() != null;
    return switch (op.f()) {
      case LockOps.ACQUIRE -> held ? null : new State(op.process().label());
      case LockOps.RELEASE -> {
        Object crashed = MutexHistory.madeFor(op);
        if (!held) yield null;
        yield crashed == null || Objects.equals(String.valueOf(crashed), String.valueOf(state.holder())) ? State.FREE : null;
      }
      default -> throw new IllegalArgumentException(op.f());
    };
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return false;
  }

  @Override
  public String problem(Operation op) {
    return LockOps.isLockOp(op.f()) ? null : "the mutex model has no function " + op.f() + " (it knows acquire, release)";
  }

  @Override
  public String describeOperation(Operation op) {
    return op.f();
  }

  @Override
  public String describeState(State state) {
    return state.holder() == null ? "the lock is free" : "process " + state.holder() + " holds the lock";
  }

  @Override
  public String explainRejection(State state, Operation op) {
    if (op.f().equals(LockOps.ACQUIRE)) return "can't acquire: " + describeState(state);
    return state.holder() == null ? "can't release: the lock is free" : "can't release another's lock: " + describeState(state);
  }
}
