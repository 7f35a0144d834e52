package faultline.api;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.Role;
import faultline.environments.local.LocalEnvironment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the endpoints point, against real servers. */
class EndpointsTest {
  @TempDir Path store;

  @Test
  void withSentinelsTheRedisEndpointIsThePrimaryTheSentinelsNameNow() throws IOException {
    try (Servers servers = Servers.start(Topology.REDIS_SENTINEL, store)) {
      Environment env = servers.environment();
      Endpoints endpoints = servers.endpoints();
      int before = endpoints.port();
      assertThat(endpoints.redisUri().getPort()).isEqualTo(before);
      assertThat(before).isEqualTo(env.clientEndpoint(env.primary().orElseThrow()).port());

      Node sentinel = env.nodes().stream().filter(n -> n.role() == Role.SENTINEL).findFirst().orElseThrow();
      RedisClient client = RedisClient.create();
      try (StatefulRedisSentinelConnection<String, String> c = client.connectSentinel(RedisURI.builder()
          .withHost(sentinel.address().host()).withPort(sentinel.address().port()).withPassword(env.credentials().passwordChars()).build())) {
        c.sync().failover(LocalEnvironment.SENTINEL_MASTER_NAME);
      } finally {
        client.shutdown();
      }
      assertThat(Polling.until(Duration.ofSeconds(30), Duration.ofMillis(200), () -> endpoints.port() != before))
          .as("the endpoint moves to the new primary").isTrue();
      assertThat(endpoints.redisUri().getPort()).isEqualTo(env.clientEndpoint(env.primary().orElseThrow()).port());
    }
  }

  @Test
  void postgresEndpointsAreAJdbcUrlAndAPoolWithTheRunsCredentials() throws Exception {
    Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Servers servers = Servers.start(Topology.PG_SINGLE, store)) {
      Endpoints endpoints = servers.endpoints();
      assertThat(endpoints.jdbcUrl()).startsWith("jdbc:postgresql://" + endpoints.host() + ":" + endpoints.port() + "/postgres?");
      assertThat(endpoints.user()).isEqualTo("postgres");
      try (var c = endpoints.dataSource().getConnection(); var s = c.createStatement(); var r = s.executeQuery("SELECT 1")) {
        assertThat(r.next()).isTrue();
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(endpoints::redisUri).isInstanceOf(FaultlineException.class)
          .hasMessage("pg-single has no Redis endpoint; use jdbcUrl() or dataSource()");
    }
  }

  /** cache-aside: JDBC reaches the PostgreSQL truth, redisUri its Redis cache, and emptying for the next test empties both. */
  @Test
  void cacheAsideEndpointsAreTheTruthAndItsCache() throws Exception {
    Files.setPosixFilePermissions(store, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")); // postgres enters it
    try (Servers servers = Servers.start(Topology.CACHE_ASIDE, store)) {
      Endpoints endpoints = servers.endpoints();
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.user(), endpoints.password());
          java.sql.Statement s = c.createStatement()) {
        s.execute("CREATE TABLE truth (v int)");
      }
      RedisClient client = RedisClient.create();
      try (var c = client.connect(endpoints.redisUri())) {
        c.sync().set("cached", "1");
        servers.clear();
        assertThat(c.sync().get("cached")).as("the cache emptied").isNull();
      } finally {
        client.shutdown();
      }
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.user(), endpoints.password());
          java.sql.ResultSet r = c.getMetaData().getTables(null, "public", "truth", null)) {
        assertThat(r.next()).as("the truth's schema made anew").isFalse();
      }
    }
  }

  /** The public topologies are the internal ones faultline starts itself, every one of them. */
  @Test
  void everyTopologyFaultlineStartsIsPublic() {
    for (faultline.environments.Topology t : faultline.environments.Topology.values()) {
      if (t.isExternal()) continue; // servers faultline did not start: not a topology a test asks for
      assertThat(Topology.valueOf(t.name()).id()).isEqualTo(t.id());
    }
    for (Topology t : Topology.values()) assertThat(t.internal().id()).isEqualTo(t.id());
  }
}
