package faultline.environments;

import java.time.Duration;

/**
 * An environment whose nodes' waits for the disk a nemesis may slow down: while a stall is on,
 * every fsync, fdatasync, syncfs, waiting sync_file_range and synchronous msync of the node's
 * process takes {@code delay} longer (then happens, in order), as a saturated or failing disk
 * would make it. What a database acknowledges before its data is on disk shows up as loss when it
 * is killed during a stall; what waits for the disk shows up as slow (or timed-out) operations.
 */
public interface DiskStall {

  /** The longest delay a stall may set: longer ones are a node hung for good, which kill and pause already cover. */
  Duration MAX = Duration.ofSeconds(60);

  /** Delays each of {@code node}'s disk waits by {@code delay} from now on, while it runs and across restarts. */
  void stall(Node node, Duration delay);

  /** Ends the stall of {@code node}: its next disk wait (and one waiting now, within 50 ms) goes on at once. */
  void lift(Node node);

  /** The delay in effect on {@code node}, {@link Duration#ZERO} when none. */
  Duration delay(Node node);
}
