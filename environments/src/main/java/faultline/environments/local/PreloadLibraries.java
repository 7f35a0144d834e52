package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The preload libraries of faultline's own (C sources beside this class, in the jar), built with
 * gcc on first use into a cache folder and reused while the source is unchanged: a fresh clone
 * needs nothing but gcc (scripts/bootstrap installs it).
 *
 * <p>The libraries run inside servers faultline often starts as root, so the cache is held to
 * what the state folder is (docs/DESIGN.md, threat model): one per user, under the temporary
 * directory, {@code faultline-preload-<uid>}, owned by this user and writable by nobody else, a
 * library used only when this user owns it and nobody else may write it; anything else is refused
 * with one line. Unlike the state folder it is readable by all (mode 0755): PostgreSQL's user must
 * load the library too.
 */
final class PreloadLibraries {
  /** Overrides the cache folder. */
  static final String CACHE_PROPERTY = "faultline.environments.preload-cache";

  private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final Duration GCC_TIMEOUT = Duration.ofSeconds(60);

  private PreloadLibraries() {}

  /** faultline's disk-stall library (disk-stall.c): delays fsync and its kin while a stall is on. */
  static Path diskStall() {
    return build("disk-stall");
  }

  /** faultline's clock-offset library (clock-offset.c): sets the wall clock off true time while an offset is on. */
  static Path clockOffset() {
    return build("clock-offset");
  }

  /** The library built from {@code name}.c, built now unless the cache holds it. */
  static synchronized Path build(String name) {
    byte[] source = source(name + ".c");
    Path dir = cacheDirectory();
    Path library = dir.resolve(name + "-" + HexFormat.of().formatHex(sha256(source), 0, 8) + ".so");
    if (Files.exists(library, LinkOption.NOFOLLOW_LINKS)) return requireOurs(library);
    Path gcc = Binaries.onPath("gcc").orElseThrow(() -> EnvironmentUnavailableException.missingBinary(
        "gcc (which builds faultline's " + name + " library)"));
    Path work = null;
    try {
      work = Files.createTempDirectory(dir, name + "-build-");
      Path c = Files.write(work.resolve(name + ".c"), source);
      Path built = work.resolve(name + ".so");
      ManagedProcess.runToCompletion(List.of(gcc.toString(), "-shared", "-fPIC", "-O2", "-Wall", "-o", built.toString(), c.toString(), "-ldl"),
          work, dir.resolve(name + "-gcc.log"), GCC_TIMEOUT);
      Files.setPosixFilePermissions(built, PosixFilePermissions.fromString("rwxr-xr-x"));
      // Another faultline may be building the same library now: the rename makes either one the library, whole.
      Files.move(built, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return requireOurs(library);
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("cannot build faultline's " + name + " library in " + dir + ": " + e.getMessage());
    } finally {
      if (work != null) Directories.deleteRecursively(work);
    }
  }

  /** The cache folder, created 0755; refused when it is a link, another user's, or writable by others. */
  static Path cacheDirectory() {
    return cacheDirectory(CACHE_PROPERTY, "faultline-preload-");
  }

  /**
   * A per-user cache folder of programs that run inside servers: {@code -Dproperty} or
   * {@code TMPDIR/prefixUID}, created 0755 (PostgreSQL's user must read it), refused when it is a
   * link, another user's, or writable by others.
   */
  static Path cacheDirectory(String property, String prefix) {
    String configured = System.getProperty(property);
    Path dir = (configured != null ? Path.of(configured)
        : Path.of(System.getProperty("java.io.tmpdir"), prefix + RunRegistry.ourUid())).toAbsolutePath();
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
          // another faultline made it a moment ago: checked below like any other
        }
      }
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) throw refused(dir, "is not a folder (or is a link)", property);
      requireOurs(dir, property);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // whatever the umask
      return dir;
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("faultline's library cache " + dir + " cannot be used: " + e.getMessage());
    }
  }

  /** {@code path} itself (never a link's target), when this user owns it and nobody else may write it. */
  private static Path requireOurs(Path path) {
    return requireOurs(path, CACHE_PROPERTY);
  }

  /** {@link #requireOurs(Path)} for the cache that {@code -Dproperty} moves. */
  static Path requireOurs(Path path, String property) {
    try {
      int uid = RunRegistry.uid(path);
      if (uid != RunRegistry.ourUid()) throw refused(path, "is owned by uid " + uid + ", not by this user (uid " + RunRegistry.ourUid() + ")", property);
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      if (mode.stream().anyMatch(OTHERS_WRITE::contains)) {
        throw refused(path, "is writable by other users (" + PosixFilePermissions.toString(mode) + ")", property);
      }
      if (Files.isSymbolicLink(path)) throw refused(path, "is a link", property);
      return path;
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("faultline's library cache: cannot check " + path + ": " + e.getMessage());
    }
  }

  private static EnvironmentUnavailableException refused(Path path, String why, String property) {
    return new EnvironmentUnavailableException("faultline's " + (property.equals(CACHE_PROPERTY) ? "library" : "program") + " cache: " + path + " " + why
        + "; refusing to " + (property.equals(CACHE_PROPERTY) ? "load it into servers" : "run it") + " (remove it, or set -D" + property + "=DIR to a folder of your own)");
  }

  private static byte[] source(String resource) {
    try (InputStream in = PreloadLibraries.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("faultline's jar lacks " + resource);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from faultline's jar", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
