package faultline.checker.history;

/**
 * An EDN value under a reader tag faultline has no type for, such as {@code #foo [1 2]}: kept
 * with its tag, so that it never equals the bare {@code [1 2]} (dropping the tag would let two
 * different values compare equal and change a verdict).
 */
public record Tagged(String tag, Object value) {
  @Override
  public String toString() {
    return "#" + tag + " " + Values.show(value);
  }
}
