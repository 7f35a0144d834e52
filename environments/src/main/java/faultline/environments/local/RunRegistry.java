package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
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
 * <p>The sweep often runs as root, so nothing in these files is taken on trust (see
 * the threat model in docs/DESIGN.md). The directory must be this user's own, mode 0700 (else it is refused); a
 * file is read only when this user owns it and nobody else may write it; a process is killed only
 * when its pid, its start time (field 22 of /proc/PID/stat, in clock ticks since boot) and its
 * executable are those recorded when it was started, so a reused pid or a planted line kills
 * nothing; and data is deleted only inside the run folder recorded, when that folder carries the
 * marker file with this registry's token.
 */
public final class RunRegistry {
  /** Overrides the directory, for tests and for users who want the files elsewhere. */
  public static final String DIRECTORY_PROPERTY = "faultline.environments.state";
  /** In each run folder: the token of the registry whose data may be deleted there. */
  static final String RUN_MARK = ".faultline-run";

  private static final String SUFFIX = ".state";
  private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path file;
  private final String owner;
  private final Path runDirectory;
  private final String token;
  private final Map<String, String> processes = new LinkedHashMap<>();
  private final Set<Path> dataDirectories = new LinkedHashSet<>();

  private RunRegistry(Path file, String owner, Path runDirectory, String token) {
    this.file = file;
    this.owner = owner;
    this.runDirectory = runDirectory;
    this.token = token;
  }

  public static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null) return Path.of(configured);
    // One per user: another user's folder is never ours to read. (Before state files were checked,
    // the folder was "faultline-environments"; its files are in a format this version ignores.)
    return Path.of(System.getProperty("java.io.tmpdir"), "faultline-environments-" + ourUid());
  }

  /**
   * The directory, created 0700 when missing; refused (one line) when it is a link, another
   * user's, or writable by others. One faultline made readable by all is narrowed to 0700.
   */
  static Path privateDirectory() {
    Path dir = directory().toAbsolutePath();
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------")); // whatever the umask
        } catch (FileAlreadyExistsException raced) {
          // another faultline made it a moment ago: checked below like any other
        }
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        throw refused(dir, "is not a folder (or is a link)");
      }
      int uid = uid(dir);
      if (uid != ourUid()) throw refused(dir, "is owned by uid " + uid + ", not by this user (uid " + ourUid() + ")");
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
        throw refused(dir, "is writable by other users (" + PosixFilePermissions.toString(mode) + ")");
      }
      if (!mode.equals(PosixFilePermissions.fromString("rwx------"))) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      return dir;
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("faultline's state folder " + dir + " cannot be used: " + e.getMessage());
    }
  }

  private static EnvironmentUnavailableException refused(Path dir, String why) {
    return new EnvironmentUnavailableException("faultline's state folder " + dir + " " + why
        + "; refusing to trust it (remove it, or set -D" + DIRECTORY_PROPERTY + "=DIR to a folder of your own)");
  }

  static RunRegistry create(Path runDirectory) {
    ProcessHandle self = ProcessHandle.current();
    String name = self.pid() + "-" + System.nanoTime() + SUFFIX;
    String token = HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
    RunRegistry registry = new RunRegistry(privateDirectory().resolve(name), identity(self), runDirectory, token);
    try {
      Files.writeString(runDirectory.resolve(RUN_MARK), token + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDirectory.resolve(RUN_MARK), e);
    }
    registry.write();
    return registry;
  }

  Path file() {
    return file;
  }

  synchronized void processStarted(String name, ManagedProcess process) {
    processStarted(name, process.handle(), process.program());
  }

  /** Records {@code process}, running {@code program} (its real path), as {@code name}'s: a {@link LocalHost}'s start. */
  synchronized void processStarted(String name, ProcessHandle process, String program) {
    processes.put(name, identity(process, program));
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
      Files.deleteIfExists(runDirectory.resolve(RUN_MARK));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void write() {
    StringBuilder text = new StringBuilder();
    text.append("owner ").append(owner).append('\n');
    text.append("token ").append(token).append('\n');
    text.append("run ").append(runDirectory).append('\n');
    processes.forEach((name, id) -> {
      String[] parts = id.split(" ", 3); // pid ticks executable; the name goes before the executable, which may hold spaces
      text.append("process ").append(parts[0]).append(' ').append(parts[1]).append(' ').append(name).append(' ').append(parts[2]).append('\n');
    });
    dataDirectories.forEach(d -> text.append("data ").append(d).append('\n'));
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
   * cleaned, and per state file ignored.
   */
  public static List<String> sweep() {
    List<String> cleaned = new ArrayList<>();
    Path dir = privateDirectory();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path state : files) {
        Optional<String> distrust = distrust(state);
        if (distrust.isPresent()) {
          cleaned.add("ignored state file " + state + ": " + distrust.get());
          continue;
        }
        sweepOne(state).ifPresent(cleaned::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir, e);
    }
    cleaned.addAll(new FilterChains(Iptables.system()).sweep());
    return cleaned;
  }

  /** Why a state file is not to be read, or empty when this user wrote it and only this user can. */
  private static Optional<String> distrust(Path state) {
    try {
      if (!Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)) return Optional.of("not a regular file");
      int uid = uid(state);
      if (uid != ourUid()) return Optional.of("owned by uid " + uid + ", not by this user");
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(state, LinkOption.NOFOLLOW_LINKS);
      if (mode.stream().anyMatch(OTHERS_WRITE::contains)) return Optional.of("writable by other users (" + PosixFilePermissions.toString(mode) + ")");
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("unreadable (" + e.getMessage() + ")");
    }
  }

  /** The state files of environments whose owner is alive: running elsewhere, left alone. */
  public static List<Path> live() {
    List<Path> live = new ArrayList<>();
    Path dir = privateDirectory();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path state : files) {
        if (distrust(state).isPresent()) continue;
        List<String> lines = readLines(state);
        if (!lines.isEmpty() && lines.get(0).startsWith("owner ") && isAlive(lines.get(0).substring("owner ".length()))) live.add(state);
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
    int deleted = 0;
    String run = "?";
    String token = null;
    List<Path> data = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("run ")) run = line.substring(4);
      if (line.startsWith("token ")) token = line.substring(6).trim();
      if (line.startsWith("process ")) {
        String[] parts = line.split(" ", 5); // process pid ticks name executable
        if (parts.length < 5) continue;
        Optional<ProcessHandle> process = find(parts[1] + " " + parts[2] + " " + parts[4]);
        if (process.isPresent() && process.get().pid() != ProcessHandle.current().pid()) {
          ManagedProcess.killTree(process.get());
          killed++;
        }
      }
      if (line.startsWith("data ")) data.add(Path.of(line.substring(5)));
    }
    for (Path d : data) {
      if (insideMarkedRun(d, run, token)) {
        Directories.deleteRecursively(d);
        deleted++;
      }
    }
    try {
      Files.deleteIfExists(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of("cleaned environment of " + run + ": killed " + killed + " process(es), deleted " + deleted + " data folder(s)");
  }

  /**
   * Whether {@code data} is a real folder (no link on the way) strictly inside {@code run}, and
   * {@code run} carries our marker with {@code token}: a planted or stale line deletes nothing.
   */
  private static boolean insideMarkedRun(Path data, String run, String token) {
    if (token == null || run.equals("?")) return false;
    try {
      Path runReal = Path.of(run).toRealPath();
      Path mark = runReal.resolve(RUN_MARK);
      if (!Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS) || uid(mark) != ourUid()) return false;
      if (!Files.readString(mark).trim().equals(token)) return false;
      Path normal = data.toAbsolutePath().normalize();
      if (!Files.isDirectory(normal, LinkOption.NOFOLLOW_LINKS)) return false;
      Path real = normal.toRealPath();
      return real.equals(normal) && real.startsWith(runReal) && !real.equals(runReal);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static List<String> readLines(Path state) {
    try {
      return Files.readAllLines(state);
    } catch (IOException e) {
      return List.of(); // removed by a concurrent sweep
    }
  }

  /** "pid startTicks executable" of a process, its executable as /proc shows it now. */
  static String identity(ProcessHandle process) {
    return identity(process, executable(process.pid()).orElse("?"));
  }

  /**
   * "pid startTicks executable": the pid, when it started (which a later process given the same pid
   * cannot share) and the program it runs. {@code program} is the one we asked for, as a real path:
   * a process started through setpriv becomes that program once setpriv has exec'd it.
   */
  static String identity(ProcessHandle process, String program) {
    return process.pid() + " " + startTicks(process.pid()).orElse("?") + " " + program;
  }

  static boolean isAlive(String identity) {
    return find(identity).isPresent();
  }

  private static Optional<ProcessHandle> find(String identity) {
    String[] parts = identity.trim().split(" ", 3);
    if (parts.length < 3 || parts[1].equals("?") || parts[2].equals("?")) return Optional.empty();
    long pid;
    try {
      pid = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (pid <= 1) return Optional.empty();
    return ProcessHandle.of(pid)
        .filter(ManagedProcess::isRunning)
        .filter(p -> startTicks(pid).equals(Optional.of(parts[1])))
        .filter(p -> executable(pid).equals(Optional.of(parts[2])));
  }

  /** Field 22 of /proc/PID/stat, the start time in clock ticks after boot; empty without /proc. */
  static Optional<String> startTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Field 2, the command, is in parentheses and may hold spaces: count from after it (field 3).
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Optional.of(fields[22 - 3]);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The real path of the program the process runs, from /proc/PID/exe; empty when unreadable. */
  static Optional<String> executable(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static int ourUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      throw new EnvironmentUnavailableException("cannot tell this process's user id from /proc/self (" + e.getMessage() + ")");
    }
  }
}
