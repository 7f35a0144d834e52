package faultline.environments.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A machine the database code runs on: this one, a container, a host reached over SSH. What the
 * Redis and PostgreSQL node code needs of a machine, and nothing more, as Jepsen's {@code Remote}:
 * run a command, write and read a file, start a process and know it, signal it, say its address.
 *
 * <p>Paths are paths on the host (POSIX, absolute); they are never opened with {@code
 * java.nio.file.Files} here, since on a container or an SSH host they are not this machine's.
 * Every call is bounded in time. A host that cannot do what is asked throws {@link
 * HostException}, whose message names the host and what failed, in one line.
 */
public interface Host extends AutoCloseable {

  /** Short and unique within a run: "n1" for a local or docker node's host, an inventory name for SSH. */
  String name();

  /** The kind of environment this host belongs to: local, docker, ssh. */
  String kind();

  /**
   * The address the host's servers listen on and its peers reach it at: a loopback address of the
   * run's block for a local host, the container's address on the run's network, the SSH host's.
   */
  String address();

  /** A folder of this host's own for the run's files (data, configuration, logs), made on first use. */
  Path runFolder();

  /**
   * Runs {@code command} (a program and its arguments, no shell) to its end, as {@code user} when
   * given (the host's own user when empty), and returns its exit code and output. A command still
   * running after {@code timeout} is killed and reported as timed out.
   */
  Execution run(List<String> command, Optional<String> user, Duration timeout);

  /** {@link #run(List, Optional, Duration)} as the host's own user. */
  default Execution run(List<String> command, Duration timeout) {
    return run(command, Optional.empty(), timeout);
  }

  /**
   * Writes {@code content} to {@code path} as a new file replacing any old one, never through a
   * link, with POSIX {@code mode} (e.g. 0600) and owned by {@code owner} when given.
   */
  void write(Path path, byte[] content, int mode, Optional<String> owner);

  /** The whole file; a {@link HostException} when it is missing or unreadable. */
  byte[] read(Path path);

  /** Whether a file or folder exists at {@code path}. */
  boolean exists(Path path);

  /** Makes a folder and its parents, with POSIX {@code mode}, owned by {@code owner} when given. */
  void makeFolder(Path path, int mode, Optional<String> owner);

  /**
   * Starts a long-running process (a server) in the background, its output appended to the
   * spec's log, and returns a handle that knows it: signals reach it and its descendants.
   */
  HostProcess start(ProcessSpec spec);

  /**
   * Copies a file of the host into this machine's {@code target} (a node's log into the run
   * folder). A local host whose path is the target already does nothing.
   */
  void fetch(Path path, Path target);

  /** Releases what the host holds (a session, a container it made); stops nothing it did not start. */
  @Override
  void close();
}
