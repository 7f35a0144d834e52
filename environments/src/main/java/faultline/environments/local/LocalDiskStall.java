package faultline.environments.local;

import faultline.environments.DiskStall;
import faultline.environments.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * {@link DiskStall} of a local environment started with it ({@link LocalEnvironment.Builder#diskStall}):
 * faultline's disk-stall library (disk-stall.c) is preloaded into every node's server, and reads
 * the delay from a file in the node's folder at each disk wait; this class writes that file.
 *
 * <p>A stall proves itself: it is refused unless the running server has the library mapped
 * (/proc/PID/maps), so a library the loader ignored (a cache on a noexec mount, a folder
 * PostgreSQL's user cannot read) is a failed fault with its reason, never a fault recorded as
 * done that did nothing.
 */
final class LocalDiskStall implements DiskStall {
  /** The variable naming the control file, as disk-stall.c reads it. */
  static final String CONTROL_VARIABLE = "FAULTLINE_DISK_STALL_FILE";

  private final Path library;

  LocalDiskStall(Path library) {
    this.library = library;
  }

  /** What a node's server is given so that a stall reaches it. */
  PreloadLibrary preloadFor(Node node) {
    return new PreloadLibrary(library, Map.of(CONTROL_VARIABLE, controlFile(node).toString()));
  }

  static Path controlFile(Node node) {
    return node.directory().resolve("disk-stall");
  }

  @Override
  public void stall(Node node, Duration delay) {
    if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("a disk stall's delay must be 1 ms to " + MAX.toSeconds() + " s, not " + delay.toMillis() + " ms");
    }
    PreloadLibrary.requireLoaded(node, library, "disk-stall");
    write(node, delay.toMillis());
  }

  @Override
  public void lift(Node node) {
    write(node, 0);
  }

  @Override
  public Duration delay(Node node) {
    Path file = controlFile(node);
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Duration.ZERO;
      String text = Files.readString(file).trim();
      return text.isEmpty() ? Duration.ZERO : Duration.ofMillis(Math.max(0, Long.parseLong(text)));
    } catch (IOException | NumberFormatException e) {
      return Duration.ZERO; // what the library makes of it too: no stall
    }
  }

  /**
   * Replaces the control file whole (a new file renamed over the old), so the library never reads
   * half a number; readable by all, since PostgreSQL's user reads it when we are root.
   */
  private static void write(Node node, long millis) {
    Path file = controlFile(node);
    Path next = file.resolveSibling("disk-stall.next");
    try {
      Files.deleteIfExists(next);
      Files.writeString(next, millis + "\n");
      Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the disk stall of " + node.name() + " in " + file, e);
    }
  }
}
