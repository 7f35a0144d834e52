package faultline.environments.ssh;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.nodes.Programs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where Debian's packages put the servers on a host: redis-server in /usr/bin (redis-server,
 * redis-sentinel is the same program), PostgreSQL's programs in /usr/lib/postgresql/VERSION/bin,
 * the newest version the host has.
 */
final class DebianPrograms {
  static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
  static final Path POSTGRES_VERSIONS = Path.of("/usr/lib/postgresql");

  private DebianPrograms() {}

  static Programs redis(Host host) {
    return new Programs() {
      @Override
      public Path path(String program) {
        if (!program.equals("redis-server")) throw new IllegalArgumentException("a Redis node runs redis-server, not " + program);
        if (!host.exists(REDIS_SERVER)) {
          throw new EnvironmentUnavailableException(host.name() + ": " + REDIS_SERVER + " is missing (apt-get install redis-server)");
        }
        return REDIS_SERVER;
      }

      @Override
      public boolean has(String program) {
        return program.equals("redis-server") && host.exists(REDIS_SERVER);
      }
    };
  }

  /** The newest PostgreSQL under /usr/lib/postgresql on {@code host}, looked for once. */
  static Programs postgres(Host host) {
    Optional<Path> bin = newestPostgres(host);
    return new Programs() {
      @Override
      public Path path(String program) {
        if (bin.isEmpty()) {
          throw new EnvironmentUnavailableException(host.name() + ": no PostgreSQL under " + POSTGRES_VERSIONS
              + " (apt-get install postgresql)");
        }
        Path path = bin.get().resolve(program);
        if (!host.exists(path)) throw new EnvironmentUnavailableException(host.name() + ": " + path + " is missing");
        return path;
      }

      @Override
      public boolean has(String program) {
        return bin.isPresent() && host.exists(bin.get().resolve(program));
      }
    };
  }

  private static Optional<Path> newestPostgres(Host host) {
    Execution listed = host.run(List.of("ls", "-1", POSTGRES_VERSIONS.toString()), Optional.empty(), Duration.ofSeconds(10));
    if (!listed.succeeded()) return Optional.empty();
    return listed.output().lines().map(String::strip).filter(v -> v.matches("\\d+(\\.\\d+)?"))
        .max(Comparator.comparingDouble(Double::parseDouble))
        .map(v -> POSTGRES_VERSIONS.resolve(v).resolve("bin"));
  }
}
