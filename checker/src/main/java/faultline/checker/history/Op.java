package faultline.checker.history;

/**
 * One event of a history: an invocation or a completion, as DESIGN.md's history format has it.
 *
 * <p>Values are plain Java data: {@code null}, {@link Long}, {@link Double}, {@link Boolean},
 * {@link String}, {@link java.util.List}, {@link java.util.Set} and {@link java.util.Map}. EDN
 * keywords become strings without the colon, so a history reads the same whatever its format.
 *
 * @param index position in the history, from 0 (readers number events when the file does not)
 * @param time nanoseconds since the run began, monotonic; {@link #NO_TIME} when unknown
 * @param key the independent key the op works on, or null for single-object histories
 * @param error why an op failed or is uncertain, or null
 * @param node for a completion: the node that served it and that server's identity as the server
 *     itself reported it when the connection opened (a map: {@code name}, {@code home},
 *     {@code run}; DESIGN.md's history format), or null when the history does not say
 */
public record Op(
    long index,
    long time,
    Process process,
    OpType type,
    String f,
    Object key,
    Object value,
    String error,
    Object node) {

  public static final long NO_TIME = Long.MIN_VALUE;

  /** An event whose history does not say which node served it. */
  public Op(long index, long time, Process process, OpType type, String f, Object key, Object value, String error) {
    this(index, time, process, type, f, key, value, error, null);
  }

  public boolean hasTime() {
    return time != NO_TIME;
  }

  public Op withIndex(long newIndex) {
    return new Op(newIndex, time, process, type, f, key, value, error, node);
  }

  @Override
  public String toString() {
    return "{" + index + " " + process + " " + type.label() + " " + f
        + (key == null ? "" : " key=" + key) + " " + Values.show(value)
        + (error == null ? "" : " (" + error + ")") + "}";
  }
}
