package faultline.environments.local;

import faultline.environments.ClockControl;
import faultline.environments.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@link ClockControl} of a local environment started with it ({@link LocalEnvironment.Builder#clockControl}):
 * faultline's clock-offset library (clock-offset.c) is preloaded into every node's server and maps
 * the file {@code clock-offset} of the node's folder, 8 bytes holding the offset in microseconds;
 * this class writes them through a mapping of its own, in one aligned store, so the server sees
 * the new offset at its next reading of the clock and never half of it.
 *
 * <p>Not libfaketime: Debian's libfaketime 0.9.10 cannot start inside Debian's redis-server (its
 * jemalloc calls clock_gettime while libfaketime initialises; libfaketime issue 130).
 *
 * <p>An offset proves itself as a disk stall does: it is refused unless the running server has
 * the library mapped (/proc/PID/maps).
 */
final class LocalClockControl implements ClockControl {
  /** The variable naming the control file, as clock-offset.c reads it. */
  static final String CONTROL_VARIABLE = "FAULTLINE_CLOCK_FILE";

  private final Path library;

  LocalClockControl(Path library) {
    this.library = library;
  }

  /**
   * What a node's server is given so that an offset reaches it. The control file must exist
   * before the server starts (the library maps it once, at load), so it is made here, true time.
   */
  PreloadLibrary preloadFor(Node node) {
    if (!Files.isRegularFile(controlFile(node), LinkOption.NOFOLLOW_LINKS)) write(node, 0);
    return new PreloadLibrary(library, Map.of(CONTROL_VARIABLE, controlFile(node).toString()));
  }

  static Path controlFile(Node node) {
    return node.directory().resolve("clock-offset");
  }

  @Override
  public void offset(Node node, Duration offset) {
    if (offset.abs().compareTo(MAX) > 0) {
      throw new IllegalArgumentException("a clock offset must be within " + MAX.toMinutes() + " minutes either way, not " + offset.toMillis() + " ms");
    }
    if (!offset.isZero()) PreloadLibrary.requireLoaded(node, library, "clock-offset");
    write(node, offset.truncatedTo(ChronoUnit.MICROS).toNanos() / 1000);
  }

  @Override
  public Duration offset(Node node) {
    Path file = controlFile(node);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Duration.ZERO;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (channel.size() < Long.BYTES) return Duration.ZERO; // what the library makes of it too
      return Duration.of(channel.map(FileChannel.MapMode.READ_ONLY, 0, Long.BYTES).order(ByteOrder.nativeOrder()).getLong(0), ChronoUnit.MICROS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the clock offset of " + node.name() + " in " + file, e);
    }
  }

  /**
   * Writes the offset in place (the server keeps the file mapped: a new file renamed over it would
   * go unseen), readable by all, since PostgreSQL's user maps it when we are root.
   */
  private static void write(Node node, long micros) {
    Path file = controlFile(node);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
      map.order(ByteOrder.nativeOrder()).putLong(0, micros); // offset 0 of a page: one aligned 8-byte store
      map.force();
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the clock offset of " + node.name() + " in " + file, e);
    }
  }
}
