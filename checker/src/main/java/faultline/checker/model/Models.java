package faultline.checker.model;

import java.util.List;

/** The models faultline knows, by the names the command line uses. */
public final class Models {
  public static final List<String> NAMES = List.of("register", "cas-register", "kv", "multi-register", "set", "counter");

  private Models() {}

  /** The model named {@code name} starting from {@code initial} (null: the model's default). */
  public static Model<?> byName(String name, Object initial) {
    return switch (name) {
      case "register" -> Register.plain(initial);
      case "cas-register" -> Register.withCas(initial);
      case "kv" -> new KeyValue(initial);
      case "multi-register" -> new MultiRegister(initial);
      case "set" -> new GrowSet();
      case "counter" -> new Counter(initial);
      default -> throw new IllegalArgumentException("unknown model " + name + " (known: " + String.join(", ", NAMES) + ")");
    };
  }
}
