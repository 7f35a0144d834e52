package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Host} that is this machine, at one address of the run's loopback block ({@link
 * AddressBlock}): each node of a local environment has its own. Processes are children of this
 * JVM ({@link ManagedProcess}: signals to the whole tree, zombies counted as gone), files are
 * written through java.nio without following links.
 *
 * <p>A user is switched to with setpriv, which execs in place (the pid we hold stays the
 * server's), and only when we are root: not root, every command runs as ourselves and every file
 * stays ours, which is all PostgreSQL asks (not to run as root).
 */
public final class LocalHost implements Host {
  /** Told of every process a local host starts, so that a killed run's leftovers can be swept ({@link RunRegistry}). */
  @FunctionalInterface
  public interface Starts {
    void started(String host, ProcessHandle process, String program);

    Starts NONE = (host, process, program) -> {};
  }

  private static final Duration READER_WAIT = Duration.ofSeconds(2);

  private final String name;
  private final String address;
  private final Path runFolder;
  private final Starts starts;

  public LocalHost(String name, String address, Path runFolder, Starts starts) {
    this.name = name;
    this.address = address;
    this.runFolder = runFolder.toAbsolutePath();
    this.starts = starts;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public Path runFolder() {
    return runFolder;
  }

  @Override
  public Execution run(List<String> command, Optional<String> user, Duration timeout) {
    List<String> full = as(user, command);
    Process process;
    try {
      process = new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new HostException(this, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread outReader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), out));
    Thread errReader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err));
    boolean ended;
    try {
      ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) ManagedProcess.killTree(process.toHandle());
    try {
      // Bounded: a descendant that outlives the command may hold its output open.
      outReader.join(READER_WAIT);
      errReader.join(READER_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String output;
    synchronized (out) {
      synchronized (err) {
        output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
      }
    }
    return new Execution(ended ? process.exitValue() : -1, output, !ended);
  }

  private static void drain(InputStream in, ByteArrayOutputStream into) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (into) {
          into.write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // the process is gone, or was killed: what was read is kept
    }
  }

  /**
   * A new file beside {@code path}, made with O_CREAT|O_EXCL (never through a link), given its mode
   * and owner, filled, then renamed over {@code path}: whatever was there (a link included) is
   * replaced, never written through, and a reader never sees half a file.
   */
  @Override
  public void write(Path path, byte[] content, int mode, Optional<String> owner) {
    Path temporary = path.resolveSibling("." + path.getFileName() + ".faultline-"
        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    try {
      Files.createFile(temporary, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(Directories.permissions(0600)));
      try {
        Files.write(temporary, content, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        Directories.setModeAndOwner(temporary, mode, effective(owner));
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (UserPrincipalNotFoundException e) {
      throw missingUser(owner.orElseThrow());
    } catch (IOException e) {
      throw new HostException(this, "cannot write " + path + ": " + e.getMessage());
    }
  }

  @Override
  public byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new HostException(this, "cannot read " + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  /** A link counts as existing, wherever it points: it is never followed. */
  @Override
  public boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** Sets the mode (and owner) of the folder itself whether it was made now or was there already. */
  @Override
  public void makeFolder(Path path, int mode, Optional<String> owner) {
    try {
      Files.createDirectories(path);
      Directories.setModeAndOwner(path, mode, effective(owner));
    } catch (UserPrincipalNotFoundException e) {
      throw missingUser(owner.orElseThrow());
    } catch (IOException e) {
      throw new HostException(this, "cannot make the folder " + path + ": " + e.getMessage());
    }
  }

  @Override
  public HostProcess start(ProcessSpec spec) {
    ManagedProcess process;
    try {
      process = ManagedProcess.start(as(spec.user(), spec.command()), spec.workingFolder(), spec.log(), spec.environment());
    } catch (java.io.UncheckedIOException e) {
      throw new HostException(this, "cannot run " + spec.command().get(0) + ": " + e.getCause().getMessage());
    }
    starts.started(name, process.handle(), process.program());
    return process;
  }

  @Override
  public void fetch(Path path, Path target) {
    if (path.toAbsolutePath().equals(target.toAbsolutePath())) return;
    try {
      Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new HostException(this, "cannot copy " + path + " to " + target + ": " + e.getMessage());
    }
  }

  /** Nothing held: the processes it started are stopped by their nodes. */
  @Override
  public void close() {}

  /** {@code command}, as {@code user} through setpriv when we are root and it is another user. */
  private static List<String> as(Optional<String> user, List<String> command) {
    Optional<String> other = effective(user).filter(u -> !u.equals("root"));
    if (other.isEmpty()) return command;
    Path setpriv = Binaries.onPath("setpriv")
        .orElseThrow(() -> EnvironmentUnavailableException.missingBinary("setpriv (util-linux)"));
    List<String> full = new ArrayList<>(List.of(setpriv.toString(),
        "--reuid=" + other.get(), "--regid=" + other.get(), "--init-groups", "--"));
    full.addAll(command);
    return full;
  }

  /** A user to switch to or give files to: only root can, so not root there is none. */
  private static Optional<String> effective(Optional<String> user) {
    return PostgresUser.weAreRoot() ? user : Optional.empty();
  }

  private HostException missingUser(String user) {
    return new HostException(this, "the user '" + user + "' is missing; run scripts/bootstrap");
  }

  @Override
  public String toString() {
    return "local host " + name + " (" + address + ")";
  }
}
