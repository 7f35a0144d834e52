package faultline.checker.model;

import faultline.checker.UnknownName;
import java.util.List;

/**
 * The model registry: every model faultline knows, by the names the command line uses, each
 * declared once ({@link ModelKind}). A new model is its class and one entry here (and, if its
 * functions are distinctive, a line in {@link ModelGuess}); help, docs and the refusal of an
 * unknown name follow.
 */
public final class Models {
  /**
   * Jepsen's set-full: not a sequential model but a checker of its own (every element through
   * every read), which the command line runs instead of the linearizability search. As a model
   * for that search it is the set.
   */
  public static final String SET_FULL = "set-full";

  public static final ModelKind REGISTER = ModelKind.named("register").shows("read/write")
      .make(Register::plain).nilReads().wholeValues().build();
  public static final ModelKind CAS_REGISTER = ModelKind.named("cas-register").shows("read/write/cas `[from to]`")
      .make(Register::withCas).nilReads().wholeValues().build();
  public static final ModelKind KV = ModelKind.named("kv").shows("get/put/append on strings, per key")
      .make(KeyValue::new).wholeValues().build();
  public static final ModelKind MULTI_REGISTER = ModelKind.named("multi-register")
      .shows("Knossos `:txn` of `[:read k v]` and `[:write k v]`").make(MultiRegister::new).nilReads().build();
  public static final ModelKind SET = ModelKind.named("set").shows("add/read").make(initial -> new GrowSet()).build();
  public static final ModelKind COUNTER = ModelKind.named("counter")
      .shows("add/read; sums are exact, past 64 bits too, and a read must return an integer").make(Counter::new).build();
  public static final ModelKind MUTEX = ModelKind.named("mutex").shows("acquire/release").make(initial -> new Mutex()).build();
  public static final ModelKind FIFO_QUEUE = ModelKind.named("fifo-queue").shows("enqueue/dequeue, in order")
      .make(initial -> new FifoQueue()).build();
  public static final ModelKind UNORDERED_QUEUE = ModelKind.named("unordered-queue").shows("enqueue/dequeue, in any order")
      .make(initial -> new UnorderedQueue()).build();
  public static final ModelKind SET_FULL_KIND = ModelKind.named(SET_FULL)
      .shows("add/read, by Jepsen's set checker (every element through every read) rather than the search")
      .make(initial -> new GrowSet()).build();

  /** Every model, in the order help, docs and refusals list them. */
  public static final List<ModelKind> ALL = List.of(REGISTER, CAS_REGISTER, KV, MULTI_REGISTER, SET, COUNTER, MUTEX, FIFO_QUEUE,
      UNORDERED_QUEUE, SET_FULL_KIND);

  public static final List<String> NAMES = ALL.stream().map(ModelKind::name).toList();

  private Models() {}

  /** The model named {@code name}, or an exception naming the nearest. */
  public static ModelKind kind(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(UnknownName.message("model", name, NAMES)));
  }

  /** The model named {@code name} starting from {@code initial} (null: the model's default). */
  public static Model<?> byName(String name, Object initial) {
    return kind(name).make(initial);
  }
}
