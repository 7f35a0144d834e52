package faultline.checker.history;

import java.util.List;

/**
 * The one definition of real-time order, for every history kind and both transactional readers:
 * the file's order (or its {@code :index}, which must increase through it) is the order of
 * events, as Knossos and Elle read it. Times are shown, never used to reorder, with one
 * refinement that never moves an event past one of another time: consecutive events of the very
 * same time happened at once, so among them invocations come first (closed intervals: operations
 * whose intervals touch are concurrent).
 *
 * <p>Times that go back in the file are no reason to refuse it: Jepsen's workers take their time
 * before the event is appended, so real histories (Knossos's {@code rethink-fail.edn}, elle-cli's
 * {@code mutex/bad/etcd.edn}) have invocations a few microseconds earlier than the event before
 * them. They get one warning ({@link #wentBack}) and the verdict of the file's order. What cannot
 * be a history at all stays bad input ({@link #refuseContradictions}): an index that does not
 * increase, or a completion timed before its own invocation.
 */
public final class RealTime {
  private RealTime() {}

  /** How an event's time and kind are read, so the fast reader's flat arrays share this code. */
  public interface Events {
    int size();

    long time(int event);

    boolean completes(int event);
  }

  /** The events of {@code history} in real-time order (positions in the file). */
  public static int[] order(History history) {
    List<Op> ops = history.ops();
    boolean timed = history.timed();
    return order(new Events() {
      @Override
      public int size() {
        return ops.size();
      }

      @Override
      public long time(int event) {
        return timed ? ops.get(event).time() : Op.NO_TIME;
      }

      @Override
      public boolean completes(int event) {
        return ops.get(event).type() != OpType.INVOKE;
      }
    });
  }

  /**
   * The file's order, with each run of consecutive events of one time (every event timed) put
   * invocations first; {@link Op#NO_TIME} for every event when the history is not wholly timed.
   */
  public static int[] order(Events events) {
    int n = events.size();
    int[] order = new int[n];
    int at = 0;
    for (int start = 0; start < n; ) {
      int end = start + 1;
      long t = events.time(start);
      if (t != Op.NO_TIME) while (end < n && events.time(end) == t) end++;
      for (int i = start; i < end; i++) if (!events.completes(i)) order[at++] = i;
      for (int i = start; i < end; i++) if (events.completes(i)) order[at++] = i;
      start = end;
    }
    return order;
  }

  /** Whether {@link #order} is the file's order as it is (no invocation follows a completion of the same time). */
  public static boolean isFileOrder(Events events) {
    for (int i = 1; i < events.size(); i++) {
      long t = events.time(i);
      if (t != Op.NO_TIME && t == events.time(i - 1) && !events.completes(i) && events.completes(i - 1)) return false;
    }
    return true;
  }

  /**
   * The one warning line for a history whose times go back in the file (null when they do not):
   * the first place, how many there are, and what is done about it.
   */
  public static String wentBack(History history) {
    String warning = wentBackIn(history);
    if (warning == null) return null;
    try {
      refuseContradictions(history);
    } catch (MalformedHistoryException refused) {
      return null; // the history is refused with its own line: a warning before it would only confuse
    }
    return warning;
  }

  private static String wentBackIn(History history) {
    List<Op> ops = history.ops();
    long[] times = new long[ops.size()];
    long[] lines = new long[ops.size()];
    for (int i = 0; i < times.length; i++) {
      times[i] = ops.get(i).time();
      lines[i] = history.lineOf(i);
    }
    return wentBack(history.source(), times, lines, times.length);
  }

  /** {@link #wentBack(History)} over flat arrays: {@code time[i]} ({@link Op#NO_TIME} if none) read at {@code line[i]}. */
  public static String wentBack(String source, long[] time, long[] line, int n) {
    int first = -1, firstBefore = -1;
    long count = 0;
    int lastTimed = -1;
    for (int i = 0; i < n; i++) {
      if (time[i] == Op.NO_TIME) continue;
      if (lastTimed >= 0 && time[i] < time[lastTimed]) {
        if (count++ == 0) {
          first = i;
          firstBefore = lastTimed;
        }
      }
      lastTimed = i;
    }
    if (count == 0) return null;
    return source + ":" + line[first] + ": warning: time " + time[first] + " is earlier than time " + time[firstBefore]
        + " on line " + line[firstBefore] + (count > 1 ? " (times go back " + count + " times in the file)" : "")
        + "; the file's order is taken as real time, as Knossos and Elle take it, and times are only shown";
  }

  /**
   * Refuses what no history can hold: indices that do not increase through the file (gaps are
   * fine), and a completion timed before its own invocation.
   */
  public static void refuseContradictions(History history) throws MalformedHistoryException {
    List<Op> ops = history.ops();
    for (int i = 1; i < ops.size(); i++) {
      if (ops.get(i).index() <= ops.get(i - 1).index()) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i), "index " + ops.get(i).index() + " does not follow index "
            + ops.get(i - 1).index() + " on line " + history.lineOf(i - 1) + ": indices must increase through the file");
      }
    }
    EventPairs.all(history, new EventPairs.Visitor<Integer, MalformedHistoryException>() {
      @Override
      public Integer invoked(int i, Op op, Integer stillOpen) {
        return i;
      }

      @Override
      public void completed(int i, Op op, Integer call) throws MalformedHistoryException {
        Op invocation = call == null ? null : ops.get(call);
        if (invocation != null && op.hasTime() && invocation.hasTime() && op.time() < invocation.time()) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i), op.type().label() + " " + Values.escaped(op.f())
              + " of process " + op.process() + " at time " + op.time() + " is earlier than its own invocation at time "
              + invocation.time() + " (line " + history.lineOf(call) + ")");
        }
      }
    });
  }
}
