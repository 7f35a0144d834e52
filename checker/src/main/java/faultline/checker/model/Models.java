package faultline.checker.model;

import faultline.checker.UnknownName;
import java.util.List;

/** The models faultline knows, by the names the command line uses. */
public final class Models {
  /**
   * Jepsen's set-full: not a sequential model but a checker of its own (every element through
   * every read), which the command line runs instead of the linearizability search. As a model
   * for that search it is the set.
   */
  public static final String SET_FULL = "set-full";

  public static final List<String> NAMES = List.of("register", "cas-register", "kv", "multi-register", "set", "counter",
      "mutex", "fifo-queue", "unordered-queue", SET_FULL);

  private Models() {}

  /** The model named {@code name} starting from {@code initial} (null: the model's default). */
  public static Model<?> byName(String name, Object initial) {
    return switch (name) {
      case "register" -> Register.plain(initial);
      case "cas-register" -> Register.withCas(initial);
      case "kv" -> new KeyValue(initial);
      case "multi-register" -> new MultiRegister(initial);
      case "set", SET_FULL -> new GrowSet();
      case "mutex" -> new Mutex();
      case "fifo-queue" -> new FifoQueue();
      case "unordered-queue" -> new UnorderedQueue();
      case "counter" -> new Counter(initial);
      default -> throw new IllegalArgumentException(UnknownName.message("model", name, NAMES));
    };
  }
}
