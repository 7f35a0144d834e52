package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the server programs an environment runs. Each lookup fails with one line that names the
 * program and scripts/bootstrap, so a user knows what to do.
 */
final class Binaries {
  /** Overrides, for machines where the programs live elsewhere. */
  static final String PG_BIN_ENV = "FAULTLINE_PG_BIN";
  static final String TOXIPROXY_ENV = "FAULTLINE_TOXIPROXY_SERVER";
  /** Replaces PATH and the usual folders as the places searched (tests of a missing binary use it). */
  static final String SEARCH_PATH_PROPERTY = "faultline.environments.path";

  private Binaries() {}

  static Path redisServer() {
    return redisServer(null);
  }

  /** redis-server from {@code folder} alone (--redis-version), or the installed one when {@code folder} is null. */
  static Path redisServer(Path folder) {
    if (folder == null) return onPath("redis-server").orElseThrow(() -> EnvironmentUnavailableException.missingBinary("redis-server"));
    Path program = folder.resolve("redis-server");
    if (!Files.isExecutable(program)) throw new EnvironmentUnavailableException("redis-server is not in " + folder);
    return program;
  }

  static Path toxiproxyServer() {
    String override = System.getenv(TOXIPROXY_ENV);
    if (override != null && Files.isExecutable(Path.of(override)) && System.getProperty(SEARCH_PATH_PROPERTY) == null) {
      return Path.of(override);
    }
    return onPath("toxiproxy-server")
        .orElseThrow(() -> EnvironmentUnavailableException.missingBinary("toxiproxy-server"));
  }

  /** A PostgreSQL server program (postgres, initdb, pg_basebackup) of the newest installed version. */
  static Path postgres(String program) {
    return postgres(program, null);
  }

  /**
   * A PostgreSQL program from {@code folder} alone (a version chosen with --postgres-version), or
   * of the newest installed version when {@code folder} is null.
   */
  static Path postgres(String program, Path folder) {
    return findPostgres(program, folder).orElseThrow(() -> folder == null
        ? EnvironmentUnavailableException.missingBinary("PostgreSQL's " + program)
        : new EnvironmentUnavailableException("PostgreSQL's " + program + " is not in " + folder));
  }

  /** {@link #postgres(String, Path)}, empty when the program is missing (zonky's builds lack pg_basebackup and pg_rewind). */
  static Optional<Path> findPostgres(String program, Path folder) {
    List<Path> dirs = folder == null ? postgresBinDirectories() : List.of(folder);
    return dirs.stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable).findFirst();
  }

  /**
   * Debian keeps the server programs out of PATH, under /usr/lib/postgresql/VERSION/bin; other
   * systems put them on PATH.
   */
  private static List<Path> postgresBinDirectories() {
    List<Path> dirs = new ArrayList<>();
    String override = System.getenv(PG_BIN_ENV);
    if (override != null) dirs.add(Path.of(override));
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian) && System.getProperty(SEARCH_PATH_PROPERTY) == null) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
            .map(p -> p.resolve("bin"))
            .forEach(dirs::add);
      } catch (IOException e) {
        // An unreadable /usr/lib/postgresql is the same as none: PATH is still searched.
      }
    }
    pathDirectories().forEach(dirs::add);
    return dirs;
  }

  static Optional<Path> onPath(String program) {
    return pathDirectories()
        .map(dir -> dir.resolve(program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Stream<Path> pathDirectories() {
    String only = System.getProperty(SEARCH_PATH_PROPERTY);
    if (only != null) return Stream.of(only.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of);
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    // Programs installed by scripts/bootstrap land here even when the caller's PATH lacks them.
    return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/local/bin", "/usr/bin", "/usr/sbin"))
        .filter(s -> !s.isEmpty())
        .distinct()
        .map(Path::of);
  }
}
