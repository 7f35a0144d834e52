package faultline.checker;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;

/** Builds small histories by hand, event by event, for tests. */
public final class Histories {
  private final List<Op> ops = new ArrayList<>();
  private Object key;
  private long time = Op.NO_TIME;

  public static Histories history() {
    return new Histories();
  }

  /** Events added from now on concern {@code k}. */
  public Histories key(Object k) {
    this.key = k;
    return this;
  }

  /** Events added from now on carry time {@code t} (nanoseconds). */
  public Histories at(long t) {
    this.time = t;
    return this;
  }

  public Histories invoke(long process, String f, Object value) {
    return add(process, OpType.INVOKE, f, value);
  }

  public Histories ok(long process, String f, Object value) {
    return add(process, OpType.OK, f, value);
  }

  public Histories fail(long process, String f, Object value) {
    return add(process, OpType.FAIL, f, value);
  }

  public Histories info(long process, String f, Object value) {
    return add(process, OpType.INFO, f, value);
  }

  public Histories nemesis(OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), time, Process.NEMESIS, type, f, null, value, null));
    return this;
  }

  private Histories add(long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), time, Process.client(process), type, f, key, value, null));
    return this;
  }

  public History build() {
    return History.of("hand-made", ops);
  }

  public List<Op> ops() {
    return ops;
  }
}
