package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.Role;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import faultline.environments.host.Signal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A database server on a {@link Host}, in its own folder of the host's run folder: started,
 * killed, paused and resumed through the host, its tools run and its files written there. What
 * kind of host it is (this machine, a container, an SSH host) it does not know.
 */
public abstract class ServerNode implements Node {
  private static final int LOG_TAIL_LINES = 15;

  private final String name;
  private final Role role;
  private final Endpoint address;
  private final Host host;
  private final Path directory;
  private final Duration startTimeout;
  private final List<Path> preloads = new ArrayList<>();
  private final Map<String, String> preloadVariables = new LinkedHashMap<>();
  private HostProcess process;
  private boolean retired;

  /** A node listening at {@code address} (on {@code host}'s address), in the folder {@code name} of the host's run folder. */
  ServerNode(String name, Role role, Endpoint address, Host host, Duration startTimeout) {
    this.name = name;
    this.role = role;
    this.address = address;
    this.host = host;
    this.directory = host.runFolder().resolve(name);
    this.startTimeout = startTimeout;
    host.makeFolder(directory, 0755, Optional.empty());
  }

  /** The command line that runs the server in the foreground (paths on the host). */
  abstract List<String> command();

  /** The system user the server and its tools run as; empty for the host's own. */
  Optional<String> user() {
    return Optional.empty();
  }

  /**
   * One readiness probe: the pid of the server answering at {@link #address()} as that server
   * reports it, once it answers its clients; empty while nothing (ready) answers there.
   */
  public abstract OptionalLong answeringPid();

  /** How often to probe while it starts: each refused probe may cost a line in its log. */
  Duration probeInterval() {
    return Duration.ofMillis(20);
  }

  /** What the node runs, for messages: "redis-server", "postgres". */
  abstract String program();

  /** Its data (deleted with the environment; configuration and log stay), on its host. */
  public abstract Path dataDirectory();

  @Override
  public String name() {
    return name;
  }

  @Override
  public Role role() {
    return role;
  }

  @Override
  public Endpoint address() {
    return address;
  }

  /** The node's folder on its host (for a local host, on this machine). */
  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Path logFile() {
    return directory.resolve(name + ".log");
  }

  /** The host the server runs on. */
  public Host host() {
    return host;
  }

  Duration startTimeout() {
    return startTimeout;
  }

  /**
   * Preloads {@code library} (a path on the host) into the server from its next start on, after
   * those added before, with {@code variables} (what the library reads) in its environment.
   */
  public synchronized void preload(Path library, Map<String, String> variables) {
    preloads.add(library);
    preloadVariables.putAll(variables);
  }

  /**
   * What the server's process gets beside the host's environment: LD_PRELOAD naming every preload
   * library, and each one's own variables. The one place a node's process environment is made.
   */
  synchronized Map<String, String> processEnvironment() {
    if (preloads.isEmpty()) return Map.of();
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("LD_PRELOAD", preloads.stream().map(Path::toString).collect(Collectors.joining(":")));
    environment.putAll(preloadVariables);
    return environment;
  }

  /**
   * Starts the process (again, on the same data) and waits until it answers.
   * Only our own process counts: a server of another program (or another run) answering at our
   * address, or ours exiting (say, because that address is taken), fails the start, naming it.
   */
  public synchronized void start() {
    if (retired) throw new IllegalStateException("node " + name + " is not started again: its environment is being torn down");
    if (isRunning()) return;
    ProcessSpec spec = new ProcessSpec(command(), directory, logFile(), processEnvironment(), user());
    HostProcess started = host.start(spec);
    process = started;
    OptionalLong[] answering = {OptionalLong.empty()};
    boolean ours = Polling.until(startTimeout, probeInterval(), () -> {
      answering[0] = answeringPid();
      return !started.isRunning() || answering[0].equals(OptionalLong.of(started.pid()));
    }) && started.isRunning();
    if (!ours) {
      boolean exited = !started.isRunning();
      started.signal(Signal.KILL);
      if (exited) answering[0] = answeringPid();
      String what = exited ? "exited at start" : "did not answer within " + startTimeout.toSeconds() + " s";
      if (answering[0].isPresent()) {
        what += "; another process (pid " + answering[0].getAsLong() + ", not ours " + started.pid() + ") answers at " + address
            + ", and is not taken for it";
      }
      throw new EnvironmentUnavailableException(
          "node " + name + " (" + program() + " on " + address + ") " + what + "; log: " + logFile(),
          logTail(logFile()), null);
    }
  }

  /**
   * Runs a tool (initdb, pg_basebackup) on the host to its end, as the server's user, its output
   * added to {@code logName} in the node's folder; a failure or a time-out becomes an
   * EnvironmentUnavailableException carrying the end of that output.
   */
  void runTool(String logName, List<String> command, Duration timeout) {
    Execution execution = host.run(command, user(), timeout);
    Path log = directory.resolve(logName);
    appendLog(log, execution.output());
    String tool = Path.of(command.get(0)).getFileName().toString();
    if (execution.timedOut()) {
      throw new EnvironmentUnavailableException(
          tool + " did not finish within " + timeout.toSeconds() + " s; log: " + log, execution.tail(LOG_TAIL_LINES), null);
    }
    if (execution.exitCode() != 0) {
      throw new EnvironmentUnavailableException(
          tool + " failed with exit code " + execution.exitCode() + "; log: " + log, execution.tail(LOG_TAIL_LINES), null);
    }
  }

  /** Runs a command of the host's own (rm, a check) as the host's user; a failure names the command. */
  void runOnHost(List<String> command, Duration timeout) {
    Execution execution = host.run(command, timeout);
    if (!execution.succeeded()) {
      throw new HostException(host, String.join(" ", command) + " failed (exit " + execution.exitCode() + "): " + execution.tail(3));
    }
  }

  private void appendLog(Path log, String output) {
    try {
      byte[] before = host.exists(log) ? host.read(log) : new byte[0];
      byte[] added = output.getBytes(StandardCharsets.UTF_8);
      byte[] all = java.util.Arrays.copyOf(before, before.length + added.length);
      System.arraycopy(added, 0, all, before.length, added.length);
      host.write(log, all, 0644, Optional.empty());
    } catch (HostException e) {
      // the log is for people; the tool's own result is what counts
    }
  }

  /** The last lines of a file of the host's, for a message's details; empty when it cannot be read. */
  String logTail(Path log) {
    try {
      String[] lines = new String(host.read(log), StandardCharsets.UTF_8).strip().split("\n");
      return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - LOG_TAIL_LINES), lines.length));
    } catch (HostException e) {
      return "";
    }
  }

  /** SIGKILL to the server's process tree, and waits for it to be gone; nothing if it is down. */
  synchronized void kill() {
    if (process != null) process.signal(Signal.KILL);
  }

  /** Kills the process for good: the environment's teardown, after which {@link #start()} refuses. */
  public synchronized void retire() {
    retired = true;
    kill();
  }

  /** Waits for the process to end by itself (after a shutdown it was asked for); false if it still runs. */
  synchronized boolean awaitExit(Duration timeout) {
    return process == null || process.awaitExit(timeout).isPresent();
  }

  /** SIGSTOP: its sockets stay open and it answers nothing. */
  synchronized void pause() {
    requireRunning().signal(Signal.STOP);
  }

  /** SIGCONT. */
  synchronized void resume() {
    requireRunning().signal(Signal.CONT);
  }

  /** Whether its host is this machine (a local host), whose pids are the JVM's to read. */
  public boolean onThisMachine() {
    return host.kind().equals("local");
  }

  /**
   * Whether the server, or a child of it (a PostgreSQL backend), is stopped (SIGSTOP), as its
   * host's /proc says: a heal must find frozen nodes even when the nemesis that froze them forgot,
   * and a container's or another machine's pids are not this machine's.
   */
  public synchronized boolean isPaused() {
    if (!isRunning()) return false;
    Execution states = host.run(List.of("sh", "-c", PAUSED, "sh", Long.toString(process.pid())), Duration.ofSeconds(30));
    return states.succeeded() && states.output().strip().equals("paused");
  }

  /** Prints "paused" when process $1 or a child of it is in state T or t. */
  private static final String PAUSED = """
      for p in $1 $(cat /proc/$1/task/*/children 2>/dev/null); do
        read -r line </proc/$p/stat 2>/dev/null || continue
        state=${line##*) }; state=${state%% *}
        case $state in T|t) echo paused; exit 0;; esac
      done
      """;

  @Override
  public synchronized boolean isRunning() {
    return process != null && process.isRunning();
  }

  @Override
  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
  }

  private HostProcess requireRunning() {
    if (!isRunning()) throw new IllegalStateException("node " + name + " is not running");
    return process;
  }

  @Override
  public String toString() {
    return name + " (" + role.name().toLowerCase() + ", " + address + ")";
  }
}
