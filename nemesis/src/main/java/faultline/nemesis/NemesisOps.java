package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Building nemesis ops. Completions are {@code info}, as in Jepsen: a fault is neither a success
 * nor a failure of the system under test; {@code fail} means the fault could not be applied.
 */
public final class NemesisOps {
  private NemesisOps() {}

  /** An invocation of {@code f} with {@code value} (what to do: a shape, a target). */
  public static Op invoke(String f, Object value) {
    return new Op(0, Op.NO_TIME, Process.NEMESIS, OpType.INVOKE, f, null, value, null);
  }

  /** The completion of {@code invocation}: done, and {@code value} says what was done. */
  public static Op done(Op invocation, Map<String, Object> value) {
    return new Op(invocation.index(), Op.NO_TIME, Process.NEMESIS, OpType.INFO, invocation.f(), null, value, null);
  }

  /** The completion of {@code invocation}: not applied, and why. */
  public static Op notDone(Op invocation, String why) {
    return new Op(invocation.index(), Op.NO_TIME, Process.NEMESIS, OpType.FAIL, invocation.f(), null, invocation.value(), why);
  }

  /** An ordered map for completion values, built from key, value pairs. */
  public static Map<String, Object> value(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  /** The invocation's value as text ("isolate", "primary", "clients"), or {@code fallback}. */
  static String text(Op invocation, String fallback) {
    return invocation.value() == null ? fallback : invocation.value().toString();
  }
}
