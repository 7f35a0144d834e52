package faultline.environments.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A file per running environment, under a known directory, naming the processes it started and
 * the data it made. A JVM killed with SIGKILL runs no shutdown hook; the next environment to start
 * (or {@code faultline env down}) reads the files whose owner is gone and removes what they name.
 *
 * <p>Processes are named by pid and start time, so a pid the system has since given to another
 * program is never killed.
 */
public final class RunRegistry {
  /** Overrides the directory, for tests and for users who want the files elsewhere. */
  public static final String DIRECTORY_PROPERTY = "faultline.environments.state";

  private static final String SUFFIX = ".state";

  private final Path file;
  private final String owner;
  private final Path runDirectory;
  private final Map<String, String> processes = new LinkedHashMap<>();
  private final Set<Path> dataDirectories = new LinkedHashSet<>();

  private RunRegistry(Path file, String owner, Path runDirectory) {
    this.file = file;
    this.owner = owner;
    this.runDirectory = runDirectory;
  }

  public static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null) return Path.of(configured);
    return Path.of(System.getProperty("java.io.tmpdir"), "faultline-environments");
  }

  static RunRegistry create(Path runDirectory) {
    ProcessHandle self = ProcessHandle.current();
    String name = self.pid() + "-" + System.nanoTime() + SUFFIX;
    RunRegistry registry = new RunRegistry(directory().resolve(name), identity(self), runDirectory);
    registry.write();
    return registry;
  }

  Path file() {
    return file;
  }

  synchronized void processStarted(String name, ProcessHandle process) {
    processes.put(name, identity(process));
    write();
  }

  synchronized void dataDirectory(Path directory) {
    dataDirectories.add(directory);
    write();
  }

  /** The environment ended normally: nothing is left for a later sweep. */
  synchronized void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void write() {
    StringBuilder text = new StringBuilder();
    text.append("owner ").append(owner).append('\n');
    text.append("run ").append(runDirectory).append('\n');
    processes.forEach((name, id) -> text.append("process ").append(id).append(' ').append(name).append('\n'));
    dataDirectories.forEach(d -> text.append("data ").append(d).append('\n'));
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, text);
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Removes what environments whose owner process is gone left behind: kills their processes
   * (and those processes' children) and deletes their data; logs stay. Their partitions' packet
   * filter chains go too ({@link FilterChains#sweep()}). Returns one line per environment or chain
   * cleaned.
   */
  public static List<String> sweep() {
    List<String> cleaned = new ArrayList<>();
    Path dir = directory();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
        for (Path state : files) {
          sweepOne(state).ifPresent(cleaned::add);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir, e);
      }
    }
    cleaned.addAll(new FilterChains(Iptables.system()).sweep());
    return cleaned;
  }

  /** Whether no other environment is running now, in this process or another. */
  boolean alone() {
    return live().stream().allMatch(state -> state.toAbsolutePath().equals(file.toAbsolutePath()));
  }

  /** The state files of environments whose owner is alive: running elsewhere, left alone. */
  public static List<Path> live() {
    List<Path> live = new ArrayList<>();
    Path dir = directory();
    if (!Files.isDirectory(dir)) return live;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path state : files) {
        List<String> lines = readLines(state);
        if (!lines.isEmpty() && isAlive(lines.get(0).substring("owner ".length()))) live.add(state);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return live;
  }

  private static Optional<String> sweepOne(Path state) {
    List<String> lines = readLines(state);
    if (lines.isEmpty() || !lines.get(0).startsWith("owner ")) return Optional.empty();
    if (isAlive(lines.get(0).substring("owner ".length()))) return Optional.empty();
    int killed = 0;
    String run = "?";
    for (String line : lines) {
      if (line.startsWith("run ")) run = line.substring(4);
      if (line.startsWith("process ")) {
        String[] parts = line.split(" ", 4);
        Optional<ProcessHandle> process = find(parts[1] + " " + parts[2]);
        if (process.isPresent()) {
          ManagedProcess.killTree(process.get());
          killed++;
        }
      }
      if (line.startsWith("data ")) Directories.deleteRecursively(Path.of(line.substring(5)));
    }
    try {
      Files.deleteIfExists(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of("cleaned environment of " + run + ": killed " + killed + " process(es), deleted its data");
  }

  private static List<String> readLines(Path state) {
    try {
      return Files.readAllLines(state);
    } catch (IOException e) {
      return List.of(); // removed by a concurrent sweep
    }
  }

  /** "pid startMillis": enough to tell a process from a later one with the same pid. */
  static String identity(ProcessHandle process) {
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return process.pid() + " " + started;
  }

  static boolean isAlive(String identity) {
    return find(identity).isPresent();
  }

  private static Optional<ProcessHandle> find(String identity) {
    String[] parts = identity.trim().split(" ");
    return ProcessHandle.of(Long.parseLong(parts[0]))
        .filter(ManagedProcess::isRunning)
        .filter(p -> identity(p).equals(parts[0] + " " + parts[1]));
  }
}
