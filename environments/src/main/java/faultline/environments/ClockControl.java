package faultline.environments;

import java.time.Duration;

/**
 * An environment whose nodes' wall clocks a nemesis may set off true time: while an offset is on,
 * the node's server reads the wall clock (CLOCK_REALTIME, gettimeofday, time) {@code offset} away
 * from the machine's, as a node with a wrong clock, or one whose clock was just stepped, would.
 * Its monotonic clocks stay true, as they do when a real wall clock is stepped. What follows the
 * wall clock then shows it: Redis' TIME and its key expiry (a TTL is a wall-clock deadline, so a
 * step forward expires keys early, a step back keeps them late), PostgreSQL's now().
 */
public interface ClockControl {

  /** The largest offset either way: an hour, beyond any lease or TTL a test uses. */
  Duration MAX = Duration.ofHours(1);

  /**
   * Sets {@code node}'s wall clock {@code offset} from true time (negative: behind), from its next
   * reading on, while it runs and across restarts; {@link Duration#ZERO} restores true time.
   */
  void offset(Node node, Duration offset);

  /** The offset in effect on {@code node}, {@link Duration#ZERO} when its clock is true. */
  Duration offset(Node node);
}
