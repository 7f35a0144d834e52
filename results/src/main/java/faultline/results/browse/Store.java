package faultline.results.browse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The store as the results browser reads it: {@code <store>/<test>/<time>/} folders (DESIGN.md),
 * and the files inside them, never anything outside.
 */
public final class Store {
  private final Path root;

  public Store(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Every run, newest first (by the folders' time, across tests). */
  public List<StoredRun> runs() {
    List<StoredRun> runs = new ArrayList<>();
    if (!Files.isDirectory(root)) return runs;
    try (Stream<Path> tests = Files.list(root)) {
      for (Path test : tests.toList()) {
        String name = test.getFileName().toString();
        // "latest" is a link to a run listed anyway; dot files are links being replaced.
        if (name.startsWith(".") || name.equals("latest") || Files.isSymbolicLink(test) || !Files.isDirectory(test)) continue;
        try (Stream<Path> times = Files.list(test)) {
          for (Path run : times.toList()) {
            String time = run.getFileName().toString();
            // A link, here or to anywhere, is not a run of this store: it is never listed or read.
            if (!time.startsWith(".") && Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS)) runs.add(StoredRun.read(name, time, run));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runs.sort(Comparator.comparing(StoredRun::time).reversed().thenComparing(StoredRun::test));
    return runs;
  }

  /**
   * The file at {@code relative} (such as {@code redis-counter-incr/20261126T065732.511/report.html}),
   * when it lies inside the store: each part a plain name (no "..", no hidden files), and the
   * real path, links resolved, still under the store. Under a run's {@code nodes/} (the servers'
   * folders: configurations, logs, the run's password) only what every local user may read
   * anyway: serve answers every local user, and must not hand out a secret the file system keeps.
   */
  /** Whether others may read {@code file} and enter every folder from {@code root} down to it. */
  private static boolean anyoneMayRead(Path root, Path file) throws IOException {
    if (!Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) return false;
    for (Path dir = file.getParent(); dir != null && dir.startsWith(root); dir = dir.getParent()) {
      if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) return false;
    }
    return true;
  }

  public Optional<Path> file(String relative) {
    String[] parts = relative.split("/");
    for (String part : parts) {
      if (part.isEmpty() || part.startsWith(".") || !part.matches("[A-Za-z0-9._:+-]+")) return Optional.empty();
    }
    Path file = root.resolve(relative).normalize();
    try {
      if (!file.startsWith(root) || !Files.isRegularFile(file)) return Optional.empty();
      Path real = file.toRealPath();
      Path realRoot = root.toRealPath();
      if (!real.startsWith(realRoot)) return Optional.empty();
      if (List.of(parts).contains("nodes") && !anyoneMayRead(realRoot, real)) return Optional.empty();
      return Optional.of(file);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
