package faultline.environments.host;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A process a {@link Host} started, known by its pid on that host and its start time there (so a
 * reused pid is never taken for it). Signals go to the process and all its descendants: a
 * PostgreSQL postmaster's backends must freeze and die with it.
 */
public interface HostProcess {

  /** Its pid on its host (inside a container's namespace for docker). */
  long pid();

  /** Alive and not a zombie. */
  boolean isRunning();

  /**
   * Sends {@code signal} to the process tree and returns once it took effect: gone for {@link
   * Signal#KILL}, stopped for {@link Signal#STOP}, running again for {@link Signal#CONT}.
   */
  void signal(Signal signal);

  /** Waits for the process to end by itself; its exit code, or empty while it still runs. */
  OptionalInt awaitExit(Duration timeout);

  /** What runs, for messages: its command line. */
  String description();
}
