package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A read/write register, and with {@code cas} enabled a compare-and-set register as in Knossos's
 * {@code cas-register}: {@code cas [from to]} sets {@code to} only if the value is {@code from}.
 * The state is the value held ({@link Model#NIL} for nil).
 */
public final class Register implements Model<Object> {
  private final Object initial;
  private final boolean cas;

  private Register(Object initial, boolean cas) {
    this.initial = Model.held(initial);
    this.cas = cas;
  }

  public static Register plain(Object initial) {
    return new Register(initial, false);
  }

  public static Register withCas(Object initial) {
    return new Register(initial, true);
  }

  @Override
  public String name() {
    return cas ? "cas-register" : "register";
  }

  @Override
  public Object init() {
    return initial;
  }

  /** Reads and writes of distinct values are decided by their zones, in O(n log n), with no search. */
  @Override
  public Optional<Decider> decider() {
    return Optional.of(RegisterZones.decider(this, initial));
  }

  @Override
  public Object step(Object state, Operation op) {
    switch (op.f()) {
      case "read" -> {
        return Objects.equals(state, Model.held(op.output())) ? state : null;
      }
      case "write" -> {
        return Model.held(op.input());
      }
      case "cas" -> {
        List<?> fromTo = (List<?>) op.input();
        return Objects.equals(state, Model.held(fromTo.get(0))) ? Model.held(fromTo.get(1)) : null;
      }
      default -> throw new IllegalArgumentException(op.f());
    }
  }

  /**
   * Drops a crashed write of v (or crashed cas to v) when no completed read returned v and no cas
   * expects v. Had it taken effect, the register would hold v until the next write, and nothing
   * between them could have seen it: a read would return v, a cas would need from = v. So the
   * history is linearizable with it iff without it. Repeats until nothing more can go, since
   * dropping a crashed cas removes what it expected.
   */
  @Override
  public List<Operation> withoutUnobservable(List<Operation> operations) {
    List<Operation> kept = operations;
    while (true) {
      Set<Object> observed = new HashSet<>();
      for (Operation op : kept) {
        if (op.f().equals("read") && !op.crashed()) observed.add(Model.held(op.output()));
        if (op.f().equals("cas")) observed.add(Model.held(((List<?>) op.input()).get(0)));
      }
      List<Operation> next = new ArrayList<>(kept.size());
      for (Operation op : kept) {
        Object w = written(op);
        if (!(op.crashed() && w != NOT_WRITTEN && !observed.contains(w))) next.add(op);
      }
      if (next.size() == kept.size()) return kept;
      kept = next;
    }
  }

  /** The value a write or cas leaves in the register; a read leaves none (never pruned). */
  private static Object written(Operation op) {
    return switch (op.f()) {
      case "write" -> Model.held(op.input());
      case "cas" -> Model.held(((List<?>) op.input()).get(1));
      default -> NOT_WRITTEN;
    };
  }

  private static final Object NOT_WRITTEN = new Object();

  @Override
  public boolean isReadOnly(Operation op) {
    return op.f().equals("read");
  }

  @Override
  public String problem(Operation op) {
    return switch (op.f()) {
      case "read", "write" -> null;
      case "cas" -> !cas ? "the register model has no cas (use --model cas-register)"
          : op.input() instanceof List<?> l && l.size() == 2 ? null
          : "cas needs a value [from to], got " + Values.show(op.input());
      default -> "the " + name() + " model has no function " + op.f() + " (it knows read, write" + (cas ? ", cas)" : ")");
    };
  }

  @Override
  public String describeOperation(Operation op) {
    return switch (op.f()) {
      case "read" -> "read " + Values.show(op.output());
      case "write" -> "write " + Values.show(op.input());
      case "cas" -> {
        List<?> fromTo = (List<?>) op.input();
        yield "cas from " + Values.show(fromTo.get(0)) + " to " + Values.show(fromTo.get(1));
      }
      default -> op.f() + " " + Values.show(op.value());
    };
  }

  @Override
  public String describeState(Object state) {
    return "register " + (state == NIL ? "nil" : Values.show(state));
  }
}
