package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node's machine as a container of its own, on its run's network, with its own address: made
 * by {@link DockerRun#host}, removed by {@link #close}. Commands run through the engine's exec,
 * files go in and out through its archive API, servers run as background processes inside it
 * ({@link DockerProcess}).
 */
public final class DockerHost implements Host {
  /** The run's files inside the container; not a tmpfs, which the archive API cannot write into. */
  static final Path RUN_FOLDER = Path.of("/var/lib/faultline");
  /** Where the shells that start processes keep their pid and exit files. */
  private static final String PROCESS_STATE = "/run/faultline-processes";
  private static final Duration SHORT = Duration.ofSeconds(30);

  /**
   * Starts the command ($5...) in the background as the leader of a new session and process group,
   * output appended to the log, as user $4 when given; a subshell waits for it and writes its exit
   * code. Prints the pid and the tail of its /proc stat line (empty when it has ended already).
   */
  private static final String START = """
      dir=$1 log=$2 state=$3 user=$4; shift 4
      mkdir -p "${state%/*}" || exit 70
      cd "$dir" || exit 70
      if [ -n "$user" ]; then set -- setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups "$@"; fi
      ( setsid "$@" >>"$log" 2>&1 </dev/null &
        echo $! >"$state.pid.new" && mv "$state.pid.new" "$state.pid"
        wait $!; echo $? >"$state.exit.new" && mv "$state.exit.new" "$state.exit" ) >/dev/null 2>&1 </dev/null &
      i=0
      while [ ! -e "$state.pid" ]; do i=$((i+1)); [ $i -gt 1000 ] && { echo "no pid after 10 s"; exit 71; }; sleep 0.01; done
      pid=$(cat "$state.pid")
      echo "$pid $(cat /proc/$pid/stat 2>/dev/null)"
      """;

  private final DockerClient client;
  private final String name;
  private final String containerId;
  private final String address;
  private final ContainerExec exec;
  private final ContainerFiles files;
  private final Runnable onClose;
  private final Map<String, long[]> owners = new ConcurrentHashMap<>();
  private final AtomicInteger processes = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean runFolderMade;

  DockerHost(DockerClient client, String name, String containerId, String address, Runnable onClose) {
    this.client = client;
    this.name = name;
    this.containerId = containerId;
    this.address = address;
    this.exec = new ContainerExec(client, containerId);
    this.files = new ContainerFiles(client, containerId);
    this.onClose = onClose;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "docker";
  }

  @Override
  public String address() {
    return address;
  }

  /** The container's id, for the engine and for messages. */
  public String containerId() {
    return containerId;
  }

  /** Made on first use (the image has no such folder), then known to exist: the container is the run's alone. */
  @Override
  public Path runFolder() {
    if (!runFolderMade) {
      makeFolder(RUN_FOLDER, 0755, Optional.empty());
      runFolderMade = true;
    }
    return RUN_FOLDER;
  }

  @Override
  public Execution run(List<String> command, Optional<String> user, Duration timeout) {
    try {
      return exec.run(command, user, timeout);
    } catch (DockerException | DockerEngine.EngineTimeout e) {
      throw new HostException(this, "running " + String.join(" ", command) + ": " + DockerEngine.oneLine(e));
    }
  }

  @Override
  public void write(Path path, byte[] content, int mode, Optional<String> owner) {
    long[] ids = owner.map(this::ids).orElse(new long[] {0, 0});
    try {
      files.write(path, content, mode, ids[0], ids[1]);
    } catch (NotFoundException e) {
      throw new HostException(this, "writing " + path + ": its folder does not exist");
    } catch (DockerException | DockerEngine.EngineTimeout e) {
      throw new HostException(this, "writing " + path + ": " + DockerEngine.oneLine(e));
    }
  }

  @Override
  public byte[] read(Path path) {
    // The archive API takes a file's size from stat, which is 0 for /proc's and /sys's pseudo-files
    // (a postmaster found as its backend's parent reads /proc/PID/status): those are read by cat.
    if (path.startsWith("/proc") || path.startsWith("/sys")) {
      Execution cat = run(List.of("cat", "--", path.toString()), SHORT);
      if (!cat.succeeded()) throw new HostException(this, "reading " + path + ": " + (cat.timedOut() ? "timed out" : cat.tail(1)));
      return cat.output().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return files.read(path).orElseThrow(() -> new HostException(this, "reading " + path + ": not a regular file"));
    } catch (NotFoundException e) {
      throw new HostException(this, "reading " + path + ": no such file");
    } catch (DockerException | DockerEngine.EngineTimeout e) {
      throw new HostException(this, "reading " + path + ": " + DockerEngine.oneLine(e));
    }
  }

  @Override
  public boolean exists(Path path) {
    Execution test = run(List.of("sh", "-c", "test -e \"$1\" || test -L \"$1\"", "sh", path.toString()), SHORT);
    if (test.timedOut()) throw new HostException(this, "asking whether " + path + " exists: timed out");
    return test.succeeded();
  }

  @Override
  public void makeFolder(Path path, int mode, Optional<String> owner) {
    List<String> command = new ArrayList<>(List.of("sh", "-c",
        "mkdir -p -- \"$1\" && chmod \"$2\" -- \"$1\" && { [ -z \"$3\" ] || chown -h \"$3:\" -- \"$1\"; }", "sh",
        path.toString(), Integer.toOctalString(mode), owner.orElse("")));
    Execution made = run(command, SHORT);
    if (!made.succeeded()) throw new HostException(this, "making folder " + path + ": " + made.tail(1));
  }

  @Override
  public HostProcess start(ProcessSpec spec) {
    String state = PROCESS_STATE + "/" + processes.incrementAndGet();
    List<String> command = new ArrayList<>(List.of("sh", "-c", START, "sh", spec.workingFolder().toString(), spec.log().toString(), state, spec.user().orElse("")));
    if (!spec.environment().isEmpty()) {
      command.add("env");
      spec.environment().forEach((key, value) -> command.add(key + "=" + value));
    }
    command.addAll(spec.command());
    String description = String.join(" ", spec.command());
    Execution started = run(command, SHORT);
    if (!started.succeeded()) {
      throw new HostException(this, "starting " + description + ": " + (started.timedOut() ? "timed out" : started.tail(2)));
    }
    String line = started.output().strip();
    int space = line.indexOf(' ');
    long pid;
    try {
      pid = Long.parseLong(space < 0 ? line : line.substring(0, space));
    } catch (NumberFormatException e) {
      throw new HostException(this, "starting " + description + ": no pid in " + started.tail(1));
    }
    String startTime = space < 0 ? "" : DockerProcess.ProcStat.parse(line.substring(space + 1))
        .map(DockerProcess.ProcStat::startTime).orElse("");
    return new DockerProcess(this, pid, startTime, state, description);
  }

  @Override
  public void fetch(Path path, Path target) {
    byte[] content = read(path);
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.write(target, content);
    } catch (IOException e) {
      throw new HostException(this, "fetching " + path + " to " + target + ": " + e.getMessage());
    }
  }

  /** Removes the container, whatever runs in it. Safe to call again. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      DockerEngine.within(SHORT, "remove container " + containerId, () -> {
        client.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        return null;
      });
    } catch (NotFoundException e) {
      // removed already (by a sweep, or by hand)
    } finally {
      onClose.run();
    }
  }

  /** A user's uid and gid inside the container (its /etc/passwd, not this machine's). */
  private long[] ids(String user) {
    return owners.computeIfAbsent(user, u -> {
      Execution id = run(List.of("sh", "-c", "id -u \"$1\" && id -g \"$1\"", "sh", u), SHORT);
      if (!id.succeeded()) throw new HostException(this, "no user " + u + " in the container");
      String[] lines = id.output().strip().split("\\s+");
      return new long[] {Long.parseLong(lines[0]), Long.parseLong(lines[1])};
    });
  }

  @Override
  public String toString() {
    return "docker host " + name + " (" + address + ", container " + containerId.substring(0, Math.min(12, containerId.length())) + ")";
  }
}
