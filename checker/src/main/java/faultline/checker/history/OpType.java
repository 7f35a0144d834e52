package faultline.checker.history;

import java.util.Locale;

/**
 * What an event in a history says about an operation.
 *
 * <p>{@code OK}: it happened. {@code FAIL}: it certainly did not happen (the server said so).
 * {@code INFO}: unknown; it may take effect at any time after its invocation, or never.
 */
public enum OpType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** The lower-case name used in every history format ("invoke", "ok", ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a label, or returns null when it names no type. */
  public static OpType ofLabel(String label) {
    return switch (label) {
      case "invoke" -> INVOKE;
      case "ok" -> OK;
      case "fail" -> FAIL;
      case "info" -> INFO;
      default -> null;
    };
  }

  public boolean isCompletion() {
    return this != INVOKE;
  }
}
