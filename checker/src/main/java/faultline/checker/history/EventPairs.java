package faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of which invocation an event completes, as Jepsen pairs them: a process has
 * at most one operation in flight, so a completion ({@code ok}, {@code fail}, {@code info})
 * completes the invocation its process has open. Every pass over a history that needs pairs walks
 * it here, in file order, keeping whatever it needs about each open invocation; a reader that keeps
 * its events in flat arrays rather than {@link Op}s (the transactional fast reader) walks them by
 * position ({@link #walk(Events, Positions)}), which is the same walk.
 */
public final class EventPairs {
  private EventPairs() {}

  /**
   * What a walk does with events.
   *
   * @param <T> what is kept about an invocation until it completes
   * @param <E> what the visitor may throw (a reader's bad-input exception, or none)
   */
  public interface Visitor<T, E extends Exception> {

    /**
     * The invocation at {@code position}; returns what to keep until it completes.
     *
     * @param stillOpen what was kept for an earlier invocation of the same process that has not
     *     completed (a malformed history), or null
     */
    T invoked(int position, Op invocation, T stillOpen) throws E;

    /** The completion at {@code position}, with what was kept at its invocation, or null when its process had none open. */
    void completed(int position, Op completion, T invocation) throws E;
  }

  /** Events known by position only, as a reader that keeps them in arrays has them. */
  public interface Events {
    int size();

    /**
     * The event's process as a number of at least 0, the same for every event of one process and
     * small (it indexes an array), or {@link #SKIPPED} for an event the walk passes over.
     */
    int process(int position);

    boolean invokes(int position);
  }

  /** {@link Events#process} of an event that takes no part in the pairing. */
  public static final int SKIPPED = -1;

  /** What a walk by position does: the positions of an event and of its invocation. */
  public interface Positions<E extends Exception> {

    /** @param stillOpen an earlier invocation of the same process that has not completed (a malformed history), or -1 */
    void invoked(int position, int stillOpen) throws E;

    /** @param invocation the invocation this completion completes, or -1 when its process had none open */
    void completed(int position, int invocation) throws E;
  }

  /** Walks the events of client processes (the nemesis's are skipped); returns what was kept for invocations never completed, in file order. */
  public static <T, E extends Exception> List<T> clients(History history, Visitor<T, E> visitor) throws E {
    return walk(history, true, visitor);
  }

  /** Walks every event, the nemesis's paired the same way; returns what was kept for invocations never completed. */
  public static <T, E extends Exception> List<T> all(History history, Visitor<T, E> visitor) throws E {
    return walk(history, false, visitor);
  }

  /** Walks {@code events} in order; returns the positions of invocations never completed, in file order. */
  public static <E extends Exception> int[] walk(Events events, Positions<E> visitor) throws E {
    int n = events.size();
    // By process: the position of its open invocation, or -1. Sized so that it seldom grows: a
    // compiled walk that meets its first growth is thrown away and compiled again (measured on the
    // fast reader, a tenth of the walk's time).
    int[] open = new int[Math.clamp(n, 16, 1 << 16)];
    Arrays.fill(open, -1);
    for (int i = 0; i < n; i++) {
      int process = events.process(i);
      if (process == SKIPPED) continue;
      if (process >= open.length) {
        int had = open.length;
        open = Arrays.copyOf(open, Math.max(process + 1, 2 * had));
        Arrays.fill(open, had, open.length, -1);
      }
      int earlier = open[process];
      if (events.invokes(i)) {
        open[process] = i;
        visitor.invoked(i, earlier);
      } else {
        open[process] = -1;
        visitor.completed(i, earlier);
      }
    }
    // In file order of invocation: the caller may report the first.
    int[] neverCompleted = new int[open.length];
    int count = 0;
    for (int position : open) if (position >= 0) neverCompleted[count++] = position;
    neverCompleted = Arrays.copyOf(neverCompleted, count);
    Arrays.sort(neverCompleted);
    return neverCompleted;
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Exception> List<T> walk(History history, boolean clientsOnly, Visitor<T, E> visitor) throws E {
    List<Op> ops = history.ops();
    // Processes numbered densely as they appear; what each invocation keeps, by its position.
    Map<Process, Integer> numbers = new HashMap<>();
    Object[] kept = new Object[ops.size()];
    int[] neverCompleted = walk(new Events() {
      @Override
      public int size() {
        return kept.length;
      }

      @Override
      public int process(int position) {
        Process process = ops.get(position).process();
        if (clientsOnly && !process.isClient()) return SKIPPED;
        Integer number = numbers.get(process);
        if (number == null) numbers.put(process, number = numbers.size());
        return number;
      }

      @Override
      public boolean invokes(int position) {
        return ops.get(position).type() == OpType.INVOKE;
      }
    }, new Positions<E>() {
      @Override
      public void invoked(int position, int stillOpen) throws E {
        kept[position] = visitor.invoked(position, ops.get(position), stillOpen < 0 ? null : (T) kept[stillOpen]);
      }

      @Override
      public void completed(int position, int invocation) throws E {
        T call = invocation < 0 ? null : (T) kept[invocation];
        if (invocation >= 0) kept[invocation] = null;
        visitor.completed(position, ops.get(position), call);
      }
    });
    List<T> out = new ArrayList<>(neverCompleted.length);
    for (int position : neverCompleted) out.add((T) kept[position]);
    return out;
  }
}
