package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Polling;
import faultline.environments.host.HostProcess;
import faultline.environments.host.Signal;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A server process we started, its output appended to a log file. Signals go to the process and
 * all its descendants: a PostgreSQL postmaster's backends must freeze and die with it, or a
 * "paused" node would still answer and a "killed" one could not start again.
 */
final class ManagedProcess implements HostProcess {
  private static final Duration EXIT_WAIT = Duration.ofSeconds(10);
  private static final Duration SIGNAL_WAIT = Duration.ofSeconds(2);

  private final Process process;
  private final String description;
  private final String program;

  private ManagedProcess(Process process, String description, String program) {
    this.process = process;
    this.description = description;
    this.program = program;
  }

  static ManagedProcess start(List<String> command, Path workingDirectory, Path log) {
    return start(command, workingDirectory, log, Map.of());
  }

  /** Starts {@code command} with {@code environment} added to ours (a node's preload libraries: {@link ServerNode#processEnvironment}). */
  static ManagedProcess start(List<String> command, Path workingDirectory, Path log, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    try {
      return new ManagedProcess(builder.start(), String.join(" ", command), program(command));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    }
  }

  /**
   * Runs a tool (initdb, pg_basebackup) to its end; a failure or a time-out becomes an
   * EnvironmentUnavailableException carrying the end of its log.
   */
  static void runToCompletion(List<String> command, Path workingDirectory, Path log, Duration timeout) {
    ManagedProcess tool = start(command, workingDirectory, log);
    OptionalInt exit = tool.awaitExit(timeout);
    String program = Path.of(command.get(command.indexOf("--") + 1)).getFileName().toString();
    if (exit.isEmpty()) {
      tool.kill();
      throw new EnvironmentUnavailableException(
          program + " did not finish within " + timeout.toSeconds() + " s; log: " + log, LogTail.of(log, 15), null);
    }
    if (exit.getAsInt() != 0) {
      throw new EnvironmentUnavailableException(
          program + " failed with exit code " + exit.getAsInt() + "; log: " + log, LogTail.of(log, 15), null);
    }
  }

  /**
   * The real path of the program the command runs: after "--" when there is one (setpriv execs
   * it in place), else the first word. What /proc/PID/exe shows once the process runs it.
   */
  private static String program(List<String> command) {
    int dashes = command.indexOf("--");
    String first = command.get(dashes >= 0 && dashes + 1 < command.size() ? dashes + 1 : 0);
    try {
      return Path.of(first).toRealPath().toString();
    } catch (IOException e) {
      return first;
    }
  }

  String program() {
    return program;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean isRunning() {
    return isRunning(process.toHandle());
  }

  @Override
  public void signal(Signal signal) {
    switch (signal) {
      case KILL -> kill();
      case STOP -> pause();
      case CONT -> resume();
    }
  }

  /** Waits for the process to end by itself; the exit code, or empty if still running. */
  @Override
  public OptionalInt awaitExit(Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return OptionalInt.of(process.exitValue());
      }
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /** SIGKILL to the process and its descendants; returns once all are gone (or after 10 s). */
  void kill() {
    killTree(process.toHandle());
    awaitExit(Duration.ofSeconds(2)); // reaped, so that isAlive() agrees at once
  }

  /** Kills a process tree we may not have started ourselves (one a killed run left behind). */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroyForcibly);
    // Polled rather than onExit(), and a zombie counts as gone: a killed postmaster's backends
    // are handed to PID 1, which may take its time to reap them, though they are dead already.
    Polling.until(EXIT_WAIT, () -> tree.stream().noneMatch(ManagedProcess::isRunning));
  }

  /** Alive and not a zombie (whose state in /proc/PID/stat is Z or X). */
  static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) return false;
    char state = state(process.pid());
    if (state == '?') return process.isAlive(); // no /proc (not Linux): trust the JDK
    return state != 'Z' && state != 'X';
  }

  /**
   * Freezes the process tree and returns once the kernel says the process is stopped: kill(1)
   * returns when the signal is sent, a moment before it takes effect, and a nemesis op that says
   * "paused" must be true when it completes.
   */
  void pause() {
    signalTree("STOP");
    Polling.until(SIGNAL_WAIT, Duration.ofMillis(1), () -> state(process.pid()) == 'T' || !isRunning(process.toHandle()));
  }

  void resume() {
    signalTree("CONT");
    Polling.until(SIGNAL_WAIT, Duration.ofMillis(1), () -> state(process.pid()) != 'T');
  }

  /** The state letter of /proc/PID/stat (R, S, T, Z, ...), or '?' when it cannot be read. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException | RuntimeException e) {
      return '?';
    }
  }

  /** Java can only send TERM and KILL, so other signals go through kill(1). */
  private void signalTree(String signal) {
    List<String> command = new ArrayList<>(List.of("kill", "-s", signal));
    command.add(Long.toString(process.pid()));
    process.toHandle().descendants().forEach(p -> command.add(Long.toString(p.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        throw new IllegalStateException("kill -s " + signal + " did not finish in 5 s");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -s " + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
