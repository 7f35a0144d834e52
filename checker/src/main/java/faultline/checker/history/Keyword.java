package faultline.checker.history;

/**
 * An EDN keyword among a history's keys and values, such as {@code :x} in {@code [:append :x 1]}:
 * kept apart from the string {@code "x"}, as Clojure's equality (and so Elle and Knossos) keeps
 * them. Only the readers of EDN make them; JSON has no keywords. Where a
 * keyword names a function rather than data (an op's {@code :type} and {@code :f}, a micro-op's
 * {@code :append}), readers read its name, as before.
 */
public record Keyword(String name) {
  @com.fasterxml.jackson.annotation.JsonValue
  @Override
  public String toString() {
    return ":" + name;
  }
}
