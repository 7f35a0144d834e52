package faultline.environments;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One database (or sentinel) process of an environment, and what a nemesis may do to it. Its
 * {@link #address()} is where the process itself listens; clients and peers reach it through
 * proxies (see {@link Environment#clientEndpoint(Node)} and {@link Environment#links()}).
 */
public interface Node {

  /** Short and unique within its environment: n1, n2, ... and s1, s2, ... for sentinels. */
  String name();

  /** What the node was started as; ask {@link Environment#primary()} for who is primary now. */
  Role role();

  /** Where the process listens, on its own loopback address. */
  Endpoint address();

  /** This node's folder in the run folder: data, configuration and log. */
  Path directory();

  Path logFile();

  /** Kills the process with SIGKILL and waits for it to be gone. Does nothing if it is down. */
  void kill();

  /** Starts the process again, on the same data, and waits until it answers. */
  void start();

  /** Freezes the process (SIGSTOP): its sockets stay open and it answers nothing. */
  void pause();

  /** Lets a paused process run on (SIGCONT). */
  void resume();

  boolean isRunning();

  /** The process id while running. */
  OptionalLong pid();
}
