package faultline.checker.history;

import java.util.ArrayList;
import java.util.List;

/**
 * What a read that returned nil means. {@code VALUE}: the read saw nil (faultline's clients
 * record a real nil). {@code UNKNOWN}: nobody knows what it saw, so it constrains nothing, as in
 * Knossos's register, cas-register and multi-register models ("We don't know what the read
 * was"), on which Jepsen histories rely.
 *
 * <p>Only those models read nil this way in Knossos, so only their reads are affected here: a
 * register read and a multi-register {@code [:read k nil]} micro-op. A queue's nil dequeue or a
 * set's nil read keep their meaning.
 */
public enum NilReads {
  UNKNOWN("unknown"),
  VALUE("value");

  private final String label;

  NilReads(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static NilReads ofLabel(String label) {
    for (NilReads r : values()) if (r.label.equals(label)) return r;
    return null;
  }

  /** The other reading. */
  public NilReads other() {
    return this == UNKNOWN ? VALUE : UNKNOWN;
  }

  /** Whether the reading changes anything for {@code model}'s histories. */
  public static boolean matters(String model) {
    return model.equals("register") || model.equals("cas-register") || model.equals("multi-register");
  }

  /**
   * The history as {@code model} checks it under this reading. Under UNKNOWN, a completed nil
   * read is removed with its invocation (a read that constrains nothing and changes nothing is
   * as if it never ran, for every checker alike), and a transaction's nil read micro-ops are
   * removed from its completion. Returns {@code history} itself when nothing changes.
   */
  public History apply(History history, String model) {
    if (this == VALUE || !matters(model)) return history;
    List<Op> ops = history.ops();
    boolean[] drop = new boolean[ops.size()];
    Op[] replaced = new Op[ops.size()];
    boolean[] changed = {false};
    EventPairs.clients(history, new EventPairs.Visitor<Integer, RuntimeException>() {
      @Override
      public Integer invoked(int position, Op invocation, Integer stillOpen) {
        return position;
      }

      @Override
      public void completed(int i, Op op, Integer call) {
        if (op.type() != OpType.OK) return;
        if (op.f().equals("read") && op.value() == null && call != null) {
          drop[i] = drop[call] = changed[0] = true;
        } else if (op.f().equals("txn") && op.value() instanceof List<?> micro) {
          List<Object> kept = new ArrayList<>(micro.size());
          for (Object m : micro) if (!isNilRead(m)) kept.add(m);
          if (kept.size() != micro.size()) {
            replaced[i] = new Op(op.index(), op.time(), op.process(), op.type(), op.f(), op.key(), kept, op.error());
            changed[0] = true;
          }
        }
      }
    });
    if (!changed[0]) return history;
    History.Builder out = History.builder(history.source());
    for (int i = 0; i < ops.size(); i++) {
      if (!drop[i]) out.add(replaced[i] != null ? replaced[i] : ops.get(i), history.lineOf(i));
    }
    return out.build();
  }

  private static boolean isNilRead(Object microOp) {
    return microOp instanceof List<?> m && m.size() == 3 && ("read".equals(m.get(0)) || "r".equals(m.get(0))) && m.get(2) == null;
  }
}
