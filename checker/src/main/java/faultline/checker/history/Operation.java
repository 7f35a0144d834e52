package faultline.checker.history;

/**
 * An invocation paired with what became of it: the unit a consistency search orders.
 *
 * <p>{@code output} is the completion's value when the op completed {@code ok} (what a read
 * returned), and null otherwise. A crashed operation ({@code info}, or invoked and never
 * completed) has {@link #crashed()} true: it may have taken effect at any time after its call, or
 * never, so it has no return position.
 *
 * @param id dense number of this operation within its history, from 0
 * @param call position of the invocation in the history's real-time order
 * @param ret position of the completion, or {@link #NEVER} for a crashed operation
 */
public record Operation(
    int id,
    Process process,
    String f,
    Object key,
    Object input,
    Object output,
    long call,
    long ret,
    Op invocation,
    Op completion) {

  public static final long NEVER = Long.MAX_VALUE;

  public boolean crashed() {
    return ret == NEVER;
  }

  /** The value the op carries: its output when it has one, else what it was invoked with. */
  public Object value() {
    return output != null ? output : input;
  }

  /** "process 1's read 1 (events 8-10)": who, what ({@code description}), and where to find it in the history. */
  public String named(String description) {
    String where = completion == null ? "event " + invocation.index() + ", never completed"
        : "events " + invocation.index() + "-" + completion.index() + (crashed() ? ", crashed" : "");
    return "process " + process + "'s " + description + " (" + where + ")";
  }

  @Override
  public String toString() {
    return "op " + id + " (process " + process + ", " + f + (key == null ? "" : " key " + Values.show(key))
        + " " + Values.show(value()) + (crashed() ? ", crashed" : "") + ")";
  }
}
