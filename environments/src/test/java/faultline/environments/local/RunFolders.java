package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test's run folder, and the proof that a closed environment left nothing: no process started
 * for the folder, no proxy or Toxiproxy API of ours listening, no state file, no data, and at the end no
 * folder at all.
 */
final class RunFolders {
  private RunFolders() {}

  /** A fresh run folder that PostgreSQL's user may enter (we run as root on CI). */
  static Path create(String test) throws IOException {
    Path dir = Files.createTempDirectory("faultline-env-" + test + "-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    return dir;
  }

  /** What must be gone once {@code env} is closed, captured while it runs. */
  record Footprint(Path runDirectory, List<Endpoint> listeners, List<Path> dataDirectories, List<Long> pids) {}

  static Footprint footprint(Environment env) {
    List<Endpoint> listeners = new ArrayList<>();
    listeners.add(env.toxiproxyApi());
    env.links().stream().map(Link::listen).forEach(listeners::add);
    List<Long> pids = new ArrayList<>();
    List<Path> data = new ArrayList<>();
    for (Node node : env.nodes()) {
      listeners.add(node.address());
      node.pid().ifPresent(pids::add);
      data.add(node.directory().resolve("data"));
    }
    // Toxiproxy: the child of this JVM that holds the API's socket.
    ProcessHandle.current().children().filter(p -> Listeners.holds(p.pid(), env.toxiproxyApi()))
        .forEach(p -> pids.add(p.pid()));
    return new Footprint(env.runDirectory(), listeners, data, pids);
  }

  /** Asserts nothing of the environment is left, then deletes the folder and asserts it gone. */
  static void assertNothingLeft(Footprint footprint) throws IOException {
    for (long pid : footprint.pids()) {
      assertThat(ProcessHandle.of(pid).filter(ManagedProcess::isRunning)).as("process %d", pid).isEmpty();
    }
    assertThat(processesMentioning(footprint.runDirectory())).as("processes started for the run folder").isEmpty();
    // Once its block of addresses is released, another run may take it and listen on the same
    // endpoints: what must be gone is a listener of ours.
    for (Endpoint listener : footprint.listeners()) {
      if (!accepts(listener)) continue;
      assertThat(footprint.pids()).as("a process of ours still listening on %s", listener)
          .noneMatch(pid -> Listeners.holds(pid, listener));
    }
    for (Path data : footprint.dataDirectories()) {
      assertThat(data).as("data left behind").doesNotExist();
    }
    assertThat(stateFilesMentioning(footprint.runDirectory())).as("state files").isEmpty();
    Directories.deleteRecursively(footprint.runDirectory());
    assertThat(footprint.runDirectory()).doesNotExist();
  }

  static List<ProcessHandle> processesMentioning(Path runDirectory) {
    String dir = runDirectory.toString();
    return ProcessHandle.allProcesses()
        .filter(ManagedProcess::isRunning)
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .toList();
  }

  static List<Path> stateFilesMentioning(Path runDirectory) throws IOException {
    Path registry = RunRegistry.directory();
    if (!Files.isDirectory(registry)) return List.of();
    try (Stream<Path> files = Files.list(registry)) {
      return files.filter(f -> {
        try {
          return Files.readString(f).contains("run " + runDirectory + "\n");
        } catch (IOException e) {
          return false;
        }
      }).toList();
    }
  }

  static boolean accepts(Endpoint endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
