package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * --postgres-version: PostgreSQL 18.1 from Maven Central (zonky's build, which has no
 * pg_basebackup and no pg_rewind), on real servers; pg-replicated's failover on it is in
 * {@link PostgresReplicatedTest}. The tests that need the download skip, saying
 * why, where Maven Central cannot be reached and the cache does not hold the version.
 */
class PostgresVersionsTest extends EnvironmentTest {
  static final String VERSION = "18.1";

  /** PostgreSQL {@link #VERSION}'s programs; the test is skipped, saying why, where they cannot be fetched. */
  static Path binaries() {
    try {
      return PostgresVersions.binaries(VERSION);
    } catch (EnvironmentUnavailableException e) {
      Assumptions.abort("PostgreSQL " + VERSION + " cannot be fetched here: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void pgSingleRunsTheChosenVersion() throws Exception {
    Path bin = binaries();
    assertThat(bin.resolve("pg_basebackup")).as("zonky's builds lack it").doesNotExist();
    start(Topology.PG_SINGLE, b -> b.postgresPrograms(bin));
    Node n1 = env.node("n1");
    assertThat(Sql.value(env, n1.address(), "SHOW server_version")).isEqualTo(VERSION);
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    assertThat(Sql.value(env, env.clientEndpoint(n1), "SELECT count(*) FROM t")).isEqualTo("1");
  }

  @Test
  void aMalformedVersionIsRefusedAsBadInput() {
    assertThatThrownBy(() -> PostgresVersions.binaries("eighteen"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--postgres-version eighteen: not a PostgreSQL version (MAJOR.MINOR, for example 18.1) nor a folder of PostgreSQL programs");
    assertThat(PostgresVersions.artifactVersion("18.1")).isEqualTo("18.1.0");
    assertThat(PostgresVersions.artifactVersion("17.12.0")).isEqualTo("17.12.0");
  }

  @Test
  void aVersionMavenCentralLacksIsRefusedNamingTheOnesItHas() {
    binaries(); // skips where Maven Central cannot be reached
    // zonky published 17.0 and 17.2 but no 17.1.
    assertThatThrownBy(() -> PostgresVersions.binaries("17.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--postgres-version 17.1.0: Maven Central has no such build")
        .hasMessageContaining("it has 17.0, 17.2");
  }

  /** A cached version that others may write to is never run (the programs run as PostgreSQL's user, often started by root). */
  @Test
  void aCachedVersionWritableByOthersIsRefused() throws Exception {
    Path cache = Files.createTempDirectory("faultline-postgres-cache-");
    String before = System.getProperty(PostgresVersions.CACHE_PROPERTY);
    System.setProperty(PostgresVersions.CACHE_PROPERTY, cache.toString());
    try {
      Path home = Files.createDirectories(cache.resolve("18.1.0"));
      Files.writeString(home.resolve(".sha256"), "0".repeat(64) + "\n");
      Path bin = Files.createDirectory(home.resolve("bin"));
      Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxrwxrwx"));
      assertThatThrownBy(() -> PostgresVersions.binaries("18.1"))
          .isInstanceOf(EnvironmentUnavailableException.class)
          .hasMessageContaining(bin + " is writable by other users (rwxrwxrwx)")
          .hasMessageContaining("refusing to run it");
    } finally {
      if (before == null) System.clearProperty(PostgresVersions.CACHE_PROPERTY);
      else System.setProperty(PostgresVersions.CACHE_PROPERTY, before);
      Directories.deleteRecursively(cache);
    }
  }
}
