package faultline.environments.local;

import faultline.environments.nodes.Programs;
import java.nio.file.Path;

/** {@link Programs} of this machine: the installed ones, or those of a version's folder (--redis-version, --postgres-version). */
final class LocalPrograms {
  private LocalPrograms() {}

  /** redis-server of {@code folder}, or the one on PATH when it is null. */
  static Programs redis(Path folder) {
    return new Programs() {
      @Override
      public Path path(String program) {
        if (!program.equals("redis-server")) throw new IllegalArgumentException("a Redis node runs redis-server, not " + program);
        return Binaries.redisServer(folder);
      }

      @Override
      public boolean has(String program) {
        return program.equals("redis-server");
      }
    };
  }

  /** PostgreSQL's programs of {@code folder}, or of the newest installed version when it is null. */
  static Programs postgres(Path folder) {
    return new Programs() {
      @Override
      public Path path(String program) {
        return Binaries.postgres(program, folder);
      }

      @Override
      public boolean has(String program) {
        return Binaries.findPostgres(program, folder).isPresent();
      }
    };
  }
}
