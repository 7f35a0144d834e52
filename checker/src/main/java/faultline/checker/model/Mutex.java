package faultline.checker.model;

import faultline.checker.history.Operation;

/**
 * A single lock with {@code acquire} and {@code release}, as Knossos's {@code mutex}: acquiring a
 * held lock, or releasing a free one, cannot happen. Like Knossos's, it does not track who holds
 * the lock, so a release by another process than the one that acquired it is allowed. The state
 * is whether the lock is held.
 */
public final class Mutex implements Model<Boolean> {

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Boolean init() {
    return false;
  }

  @Override
  public Boolean step(Boolean held, Operation op) {
    return switch (op.f()) {
      case "acquire" -> held ? null : Boolean.TRUE;
      case "release" -> held ? Boolean.FALSE : null;
      default -> throw new IllegalArgumentException(op.f());
    };
  }

  @Override
  public boolean isReadOnly(Operation op) {
    return false;
  }

  @Override
  public String problem(Operation op) {
    return switch (op.f()) {
      case "acquire", "release" -> null;
      default -> "the mutex model has no function " + op.f() + " (it knows acquire, release)";
    };
  }

  @Override
  public String describeOperation(Operation op) {
    return op.f();
  }

  @Override
  public String describeState(Boolean held) {
    return held ? "lock held" : "lock free";
  }

  @Override
  public String explainRejection(Boolean held, Operation op) {
    return op.f().equals("acquire") ? "can't acquire: the lock is already held" : "can't release: the lock is not held";
  }
}
