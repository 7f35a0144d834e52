package faultline.environments.docker;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.nodes.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a container's image keeps the servers: found in the container, once per program, where
 * Debian puts them (redis-server on PATH, PostgreSQL's programs under the newest
 * /usr/lib/postgresql/VERSION/bin, or on PATH), so a user's image of another Debian-like build
 * works too.
 */
final class DockerPrograms implements Programs {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Prints the program's path: PostgreSQL's newest bin folder first, then PATH. */
  private static final String FIND = """
      for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n -r); do
        [ -x "$dir/$1" ] && { echo "$dir/$1"; exit 0; }
      done
      command -v "$1" || exit 1
      """;

  private final Host host;
  private final List<String> allowed;
  private final Map<String, java.util.Optional<Path>> found = new ConcurrentHashMap<>();

  private DockerPrograms(Host host, List<String> allowed) {
    this.host = host;
    this.allowed = allowed;
  }

  /** redis-server of the container (a sentinel is redis-server too). */
  static Programs redis(Host host) {
    return new DockerPrograms(host, List.of("redis-server"));
  }

  /** PostgreSQL's programs of the container (initdb, pg_ctl, postgres, pg_basebackup, pg_rewind, ...). */
  static Programs postgres(Host host) {
    return new DockerPrograms(host, List.of());
  }

  @Override
  public Path path(String program) {
    if (!allowed.isEmpty() && !allowed.contains(program)) {
      throw new IllegalArgumentException("a Redis node runs redis-server, not " + program);
    }
    return find(program).orElseThrow(() -> new EnvironmentUnavailableException(
        "docker: " + program + " is not in the image of " + host.name() + " (PATH or /usr/lib/postgresql/*/bin)"));
  }

  @Override
  public boolean has(String program) {
    return (allowed.isEmpty() || allowed.contains(program)) && find(program).isPresent();
  }

  private java.util.Optional<Path> find(String program) {
    return found.computeIfAbsent(program, p -> {
      Execution where = host.run(List.of("sh", "-c", FIND, "sh", p), TIMEOUT);
      String line = where.output().strip();
      return where.succeeded() && line.startsWith("/") ? java.util.Optional.of(Path.of(line.lines().findFirst().orElse(line)))
          : java.util.Optional.empty();
    });
  }
}
