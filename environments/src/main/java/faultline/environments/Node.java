package faultline.environments;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One database (or sentinel) process of an environment. Its
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

  /**
   * Whether the process runs now. Killing, starting and pausing it are an environment's
   * {@link ProcessControl}, where it offers that.
   */
  boolean isRunning();

  /** The process id while running. */
  OptionalLong pid();
}
