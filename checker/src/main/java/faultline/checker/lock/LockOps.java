package faultline.checker.lock;

import faultline.checker.history.ExactIntegers;
import faultline.checker.history.Op;
import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;

/**
 * The operations of a lock history, as the lock workload writes them, per key (one key is one lock
 * and the counter it protects):
 *
 * <ul>
 *   <li>{@code acquire}: a try-lock; {@code ok} the process holds the lock, {@code fail} it was
 *       held by another (nothing changed). Its value may be a map with {@code lease-ms} (a lease
 *       the server ends by itself: a TTL) and, on {@code ok}, {@code token} (a fencing token).
 *   <li>{@code release}: {@code ok} released, {@code fail} nothing was released (the lock was no
 *       longer this holder's). Its value may carry the holder's {@code token}.
 *   <li>{@code add}: the holder's read-modify-write of the protected counter, by 1 or by the
 *       value's {@code by}; with a {@code token}, the resource refuses it ({@code fail}) when it has
 *       seen a newer token; with {@code with-release} true, it commits with the holder's release (a
 *       row lock's transaction), so it took effect only if that release did.
 *   <li>{@code read}: the protected counter's value, read without the lock.
 * </ul>
 */
public final class LockOps {
  public static final String ACQUIRE = "acquire";
  public static final String RELEASE = "release";
  public static final String ADD = "add";
  public static final String READ = "read";
  public static final String LEASE_MS = "lease-ms";
  public static final String TOKEN = "token";
  public static final String BY = "by";
  public static final String WITH_RELEASE = "with-release";

  private LockOps() {}

  public static boolean isLockOp(String f) {
    return ACQUIRE.equals(f) || RELEASE.equals(f);
  }

  /** A field of a value that is a map, or null. */
  static Object field(Object value, String name) {
    return value instanceof Map<?, ?> m ? m.get(name) : null;
  }

  /** The lease an acquire asked for or was given, in milliseconds, or null (a session lock). */
  static Long leaseMillis(Operation acquire) {
    Object lease = field(acquire.output(), LEASE_MS);
    if (lease == null) lease = field(acquire.input(), LEASE_MS);
    return lease instanceof Number n ? n.longValue() : null;
  }

  /** The fencing token an op's value carries, or null. */
  static BigInteger token(Object value) {
    Object token = field(value, TOKEN);
    return token == null ? null : ExactIntegers.of(token);
  }

  /** How much an add adds: its value itself, or its value's {@code by}. */
  static BigInteger amount(Op add) {
    Object v = add.value() instanceof Map<?, ?> m ? m.get(BY) : add.value();
    BigInteger exact = ExactIntegers.of(v);
    if (exact == null) {
      throw new IllegalArgumentException("event " + add.index() + ": add needs an integer, or a map with an integer by; got "
          + Values.show(add.value()));
    }
    return exact;
  }

  static boolean commitsWithRelease(Op add) {
    return Boolean.TRUE.equals(field(add.value(), WITH_RELEASE));
  }

  /** " at 1.204 s", or nothing when the history has no times. */
  static String at(Op event) {
    return event == null || !event.hasTime() ? "" : " at " + String.format(Locale.ROOT, "%.3f s", event.time() / 1e9);
  }

  /** "events 10-11", "event 10, never completed". */
  static String events(Operation op) {
    return op.completion() == null ? "event " + op.invocation().index() + ", never completed"
        : "events " + op.invocation().index() + "-" + op.completion().index();
  }
}
