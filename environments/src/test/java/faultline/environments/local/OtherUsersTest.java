package faultline.environments.local;

import faultline.environments.nodes.Resp;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Other local users reach loopback ports too. As user {@code nobody} (through setpriv), the servers
 * an environment starts, and its sentinels, refuse every command without the run's password, and
 * the password is nowhere nobody can read it.
 */
class OtherUsersTest {
  private final List<Path> made = new ArrayList<>();

  @BeforeEach
  void asRootWithSetpriv() {
    Nobody.assumeWeCanBecomeIt();
  }

  @AfterEach
  void cleanUp() {
    made.forEach(Directories::deleteRecursively);
  }

  @Test
  void redisNodesAndSentinelsRefuseAnotherUser() throws Exception {
    Assumptions.assumeTrue(Binaries.onPath("redis-cli").isPresent(), "needs redis-cli");
    Path run = runFolder("redis");
    try (Environment env = LocalEnvironment.builder(Topology.REDIS_SENTINEL).runDirectory(run).start()) {
      for (String node : List.of("n1", "n2", "s1")) {
        for (Endpoint at : List.of(env.node(node).address(), env.clientEndpoint(env.node(node)))) {
          Nobody.Result ping = Nobody.run("redis-cli", "-h", at.host(), "-p", Integer.toString(at.port()), "PING");
          assertThat(ping.output()).as(node + " at " + at).contains("NOAUTH").doesNotContain("PONG");
          Nobody.Result wrong = Nobody.run("redis-cli", "-h", at.host(), "-p", Integer.toString(at.port()), "--no-auth-warning", "-a", "guess", "PING");
          assertThat(wrong.output()).as(node + " at " + at).doesNotContain("PONG");
        }
      }
      assertUnreadable(run.resolve(Credentials.FILE), run.resolve("n1/redis.conf"), run.resolve("s1/sentinel.conf"));
      // The client's own connections (Resp, with the password) work: the sentinels agree on a primary.
      assertThat(env.primary()).isPresent();
    }
  }

  @Test
  void postgresRefusesAnotherUser() throws Exception {
    Path psql = Binaries.postgres("psql");
    Path run = runFolder("postgres");
    try (Environment env = LocalEnvironment.builder(Topology.PG_SINGLE).runDirectory(run).start()) {
      Endpoint at = env.clientEndpoint(env.node("n1"));
      for (String database : List.of("dbname=postgres", "dbname=replication replication=true")) {
        Nobody.Result r = Nobody.run(psql.toString(), "-w", "-d", "host=" + at.host() + " port=" + at.port() + " user=postgres " + database,
            "-c", "SELECT 1");
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("password");
      }
      assertUnreadable(run.resolve(Credentials.FILE), run.resolve("n1/pgpass"));
      assertThat(Sql.value(env, at, "SELECT 1")).isEqualTo("1");
    }
  }

  private Path runFolder(String name) throws Exception {
    Path run = RunFolders.create("other-users-" + name);
    made.add(run);
    return run;
  }

  private static void assertUnreadable(Path... files) throws Exception {
    for (Path file : files) {
      assertThat(file).exists();
      Nobody.Result cat = Nobody.run("cat", file.toString());
      assertThat(cat.exit()).as(file + ": " + cat.output()).isNotZero();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files[0]))).isEqualTo("rw-------");
  }
}
