package faultline.api;

import faultline.checker.Checker;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Operation;
import faultline.checker.history.Process;
import faultline.checker.model.Model;
import faultline.checker.model.Models;
import faultline.workloads.CheckOptions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What a test does: a generator of operations on keys, and the checkers that judge what became
 * of them. Immutable: each setter returns a new workload. Made by {@link Workloads}.
 *
 * <p>A model ({@link #model}) adds a linearizability check against that sequential model (for a
 * register, it is the model its check uses); it must know every function the workload's
 * operations use, or the test is refused before it starts.
 */
public final class Workload {
  /** How many operations are sampled to see which functions a workload uses. */
  private static final int SAMPLED = 500;

  private final String name;
  private final Operations custom;
  private final int keys;
  private final int opsPerKey;
  private final String model;

  Workload(String name, Operations custom, int keys, int opsPerKey, String model) {
    this.name = name;
    this.custom = custom;
    this.keys = keys;
    this.opsPerKey = opsPerKey;
    this.model = model;
  }

  /**
   * The workload's name: a built-in one's ({@code counter}, {@code register}, ...) or yours.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * This workload on {@code keys} keys at once (8 by default): fewer keys, more contention.
   *
   * @param keys at least 1
   * @return a new workload
   */
  public Workload keys(int keys) {
    if (keys < 1) throw new FaultlineException("keys must be at least 1, not " + keys);
    return new Workload(name, custom, keys, opsPerKey, model);
  }

  /**
   * This workload with {@code opsPerKey} operations per key (100 by default) before a fresh key
   * takes its place: shorter histories per key are checked faster.
   *
   * @param opsPerKey at least 1
   * @return a new workload
   */
  public Workload opsPerKey(int opsPerKey) {
    if (opsPerKey < 1) throw new FaultlineException("ops per key must be at least 1, not " + opsPerKey);
    return new Workload(name, custom, keys, opsPerKey, model);
  }

  /**
   * This workload judged by linearizability against a sequential model as well ({@code register},
   * {@code cas-register}, {@code counter}, {@code set}, {@code kv}, {@code mutex}, {@code
   * fifo-queue}, {@code unordered-queue}).
   *
   * @param model the model's name
   * @return a new workload
   */
  public Workload model(String model) {
    return new Workload(name, custom, keys, opsPerKey, model);
  }

  /**
   * The number of keys in flight.
   *
   * @return the keys
   */
  public int keys() {
    return keys;
  }

  /**
   * The operations per key.
   *
   * @return the operations per key
   */
  public int opsPerKey() {
    return opsPerKey;
  }

  /** The model the linearizability check uses: the one given, or a register's own. */
  String modelName() {
    if (model != null) return model;
    return name.equals("register") ? "cas-register" : null;
  }

  /**
   * faultline's own workload, after the checks a test makes before it starts: a known model that
   * knows every function the operations use.
   */
  faultline.workloads.Workload internal(String test) {
    faultline.workloads.Workload base = custom == null ? builtIn(test) : new CustomWorkload(name, custom);
    String m = modelName();
    if (m == null) {
      if (custom != null) throw new FaultlineException(test + ": workload " + name + " has no checker: give it a model, e.g. .model(\"counter\")");
      return base;
    }
    Model<?> checked;
    try {
      checked = Models.byName(m, null);
    } catch (IllegalArgumentException e) {
      throw new FaultlineException(test + ": " + e.getMessage());
    }
    for (String f : functions(base)) {
      String problem = checked.problem(crashed(f));
      if (problem != null) {
        throw new FaultlineException(test + ": model " + m + " does not fit workload " + name + "'s operation " + f + ": " + problem);
      }
    }
    if (name.equals("register") && custom == null) return base; // its check takes the model from CheckOptions
    return new WithModel(base, checked);
  }

  private faultline.workloads.Workload builtIn(String test) {
    try {
      return faultline.workloads.Workloads.byName(name, true);
    } catch (IllegalArgumentException e) {
      throw new FaultlineException(test + ": " + e.getMessage());
    }
  }

  /** The functions a workload's operations use, from a sample of them. */
  private static Set<String> functions(faultline.workloads.Workload w) {
    Set<String> fs = new LinkedHashSet<>();
    SplittableRandom random = new SplittableRandom(0);
    faultline.workloads.Workload.Spanning spanning = w.spanning(4, 10);
    faultline.workloads.Workload.KeyOps ops = spanning == null ? w.newKey(w.keyPrefix() + "0") : null;
    for (int i = 0; i < SAMPLED; i++) fs.add(spanning != null ? spanning.next(random).f() : ops.next(random).f());
    if (ops != null && w.finalReads()) fs.add(ops.finalRead().f());
    return fs;
  }

  /** An operation of function {@code f} that crashed: only its function is asked about. */
  private static Operation crashed(String f) {
    Op invoked = new Op(0, 0, Process.client(0), OpType.INVOKE, f, "k", null, null);
    return new Operation(0, Process.client(0), f, "k", null, null, 0, Operation.NEVER, invoked, null);
  }

  /** A workload with a linearizability check beside its own checkers. */
  private record WithModel(faultline.workloads.Workload base, Model<?> model) implements faultline.workloads.Workload {
    @Override
    public String name() {
      return base.name();
    }

    @Override
    public String keyPrefix() {
      return base.keyPrefix();
    }

    @Override
    public KeyOps newKey(String key) {
      return base.newKey(key);
    }

    @Override
    public boolean finalReads() {
      return base.finalReads();
    }

    @Override
    public Spanning spanning(int keysInFlight, int writesPerKey) {
      return base.spanning(keysInFlight, writesPerKey);
    }

    @Override
    public Map<String, Checker> checkers(CheckOptions options) {
      Map<String, Checker> out = new LinkedHashMap<>(base.checkers(options));
      out.put(LinearizableCheck.NAME, new LinearizableCheck(model, options.timeLimit(), options.progress()));
      return out;
    }
  }

  /** Your operations; judged only by the model's check. */
  private record CustomWorkload(String name, Operations ops) implements faultline.workloads.Workload {
    @Override
    public String keyPrefix() {
      return "k";
    }

    @Override
    public KeyOps newKey(String key) {
      return new KeyOps() {
        @Override
        public faultline.workloads.Invocation next(SplittableRandom random) {
          Invocation op = ops.next(key, random);
          return new faultline.workloads.Invocation(op.f(), op.key(), op.value());
        }

        @Override
        public faultline.workloads.Invocation finalRead() {
          return new faultline.workloads.Invocation("read", key, null);
        }
      };
    }

    @Override
    public boolean finalReads() {
      return false;
    }

    @Override
    public Map<String, Checker> checkers(CheckOptions options) {
      return Map.of();
    }
  }

  @Override
  public String toString() {
    return name + " (" + keys + " keys" + (modelName() == null ? "" : ", model " + modelName()) + ")";
  }
}
