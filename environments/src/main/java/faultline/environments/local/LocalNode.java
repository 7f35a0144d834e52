package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** A node run as a child process of this JVM, in its own folder of the run folder. */
abstract class LocalNode implements Node {
  private final String name;
  private final Role role;
  private final Endpoint address;
  private final Path directory;
  private final RunRegistry registry;
  private final Duration startTimeout;
  private final List<PreloadLibrary> preloads = new ArrayList<>();
  private ManagedProcess process;
  private boolean retired;

  LocalNode(String name, Role role, Endpoint address, Path directory, RunRegistry registry, Duration startTimeout) {
    this.name = name;
    this.role = role;
    this.address = address;
    this.directory = Directories.create(directory);
    this.registry = registry;
    this.startTimeout = startTimeout;
  }

  /** The command line that runs the server in the foreground. */
  abstract List<String> command();

  /**
   * One readiness probe: the pid of the server answering at {@link #address()} as that server
   * reports it, once it answers its clients; empty while nothing (ready) answers there.
   */
  abstract OptionalLong answeringPid();

  /** How often to probe while it starts: each refused probe may cost a line in its log. */
  Duration probeInterval() {
    return Duration.ofMillis(20);
  }

  /** What the node runs, for messages: "redis-server", "postgres". */
  abstract String program();

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

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public Path logFile() {
    return directory.resolve(name + ".log");
  }

  RunRegistry registry() {
    return registry;
  }

  Duration startTimeout() {
    return startTimeout;
  }

  /** Preloads {@code library} into the server from its next start on, after those added before. */
  synchronized void preload(PreloadLibrary library) {
    preloads.add(library);
  }

  /**
   * What the server's process gets beside this JVM's environment: LD_PRELOAD naming every preload
   * library, and each one's own variables. The one place a node's process environment is made.
   */
  synchronized Map<String, String> processEnvironment() {
    if (preloads.isEmpty()) return Map.of();
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("LD_PRELOAD", preloads.stream().map(p -> p.library().toString()).collect(Collectors.joining(":")));
    preloads.forEach(p -> environment.putAll(p.environment()));
    return environment;
  }

  /**
   * Starts the process (again, on the same data) and waits until it answers; see {@link LocalProcesses}.
   * Only our own process counts: a server of another program (or another run) answering at our
   * address, or ours exiting (say, because that address is taken), fails the start, naming it.
   */
  synchronized void start() {
    if (retired) throw new IllegalStateException("node " + name + " is not started again: its environment is being torn down");
    if (isRunning()) return;
    ManagedProcess started = ManagedProcess.start(command(), directory, logFile(), processEnvironment());
    process = started;
    registry.processStarted(name, started);
    OptionalLong[] answering = {OptionalLong.empty()};
    boolean ours = Polling.until(startTimeout, probeInterval(), () -> {
      answering[0] = answeringPid();
      return !started.isAlive() || answering[0].equals(OptionalLong.of(started.pid()));
    }) && started.isAlive();
    if (!ours) {
      boolean exited = !started.isAlive();
      started.kill();
      if (exited) answering[0] = answeringPid();
      String what = exited ? "exited at start" : "did not answer within " + startTimeout.toSeconds() + " s";
      if (answering[0].isPresent()) {
        what += "; another process (pid " + answering[0].getAsLong() + ", not ours " + started.pid() + ") answers at " + address
            + ", and is not taken for it";
      }
      throw new EnvironmentUnavailableException(
          "node " + name + " (" + program() + " on " + address + ") " + what + "; log: " + logFile(),
          LogTail.of(logFile(), 15), null);
    }
  }

  /** SIGKILL, and waits for the process to be gone; nothing if it is down. */
  synchronized void kill() {
    if (process != null) process.kill();
  }

  /** Kills the process for good: the environment's teardown, after which {@link #start()} refuses. */
  synchronized void retire() {
    retired = true;
    kill();
  }

  /** Waits for the process to end by itself (after a shutdown it was asked for); false if it still runs. */
  synchronized boolean awaitExit(Duration timeout) {
    return process == null || process.awaitExit(timeout).isPresent();
  }

  /** SIGSTOP: its sockets stay open and it answers nothing. */
  synchronized void pause() {
    requireRunning().pause();
  }

  /** SIGCONT. */
  synchronized void resume() {
    requireRunning().resume();
  }

  @Override
  public synchronized boolean isRunning() {
    return process != null && ManagedProcess.isRunning(process.handle());
  }

  @Override
  public synchronized OptionalLong pid() {
    return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
  }

  private ManagedProcess requireRunning() {
    if (!isRunning()) throw new IllegalStateException("node " + name + " is not running");
    return process;
  }

  @Override
  public String toString() {
    return name + " (" + role.name().toLowerCase() + ", " + address + ")";
  }
}
