package faultline.environments.docker;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import faultline.environments.local.Iptables;
import faultline.environments.nodes.Resp;
import faultline.environments.nodes.ServerNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docker environment against a real engine: topologies laid in containers as locally, their
 * processes killed and restarted through the hosts, a pair cut by this machine's packet filter,
 * the nodes' logs fetched and every container and the network removed at the end.
 */
class DockerEnvironmentTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path runs;

  @Test
  void redisSentinelFailsOverInContainersAndLeavesOnlyItsLogs() throws Exception {
    String image = DockerTesting.imageOrSkip();
    Path dir = runs.resolve("sentinel");
    String run;
    try (DockerEnvironment env = DockerEnvironment.builder(Topology.REDIS_SENTINEL).runDirectory(dir).start()) {
      run = env.dockerRun().owner().run();
      assertThat(env.kind()).isEqualTo(EnvironmentKind.DOCKER);
      assertThat(env.images()).containsEntry("redis", image);
      assertThat(env.nodes()).hasSize(6).allSatisfy(n -> assertThat(n.address().host()).startsWith("10.214."));
      Node n1 = env.node("n1");
      assertThat(env.primary()).contains(n1);
      assertThat(Resp.text(env.clientEndpoint(n1), env.credentials(), "SET", "before", "1")).isEqualTo("OK");

      ServerNode n3 = (ServerNode) env.node("n3");
      env.require(ProcessControl.class).pause(n3);
      assertThat(n3.isPaused()).as("paused, as the container's /proc says").isTrue();
      env.require(ProcessControl.class).resume(n3);
      assertThat(n3.isPaused()).isFalse();

      env.require(ProcessControl.class).kill(n1);
      Optional<Node> promoted = poll(env::primary, p -> p.isPresent() && p.get() != n1);
      assertThat(promoted).as("a replica promoted by the sentinels").isPresent();
      env.require(ProcessControl.class).start(n1);
      assertThat(poll(() -> get(env, n1, "before"), "1"::equals)).as("the old primary rejoined").isEqualTo("1");
    }
    assertThat(dir.resolve("n1").resolve("n1.log")).as("n1's log fetched").exists();
    assertThat(Files.readString(dir.resolve("s1").resolve("s1.log"))).contains("+monitor");
    assertThat(Leftovers.containers(DockerEngine.client(), java.util.Map.of(RunOwner.RUN, run))).as("containers removed").isEmpty();
    assertThat(DockerEngine.client().listNetworksCmd().withNameFilter("faultline-" + run).exec()).as("network removed").isEmpty();
  }

  @Test
  void aPacketFilterCutsOneReplicaFromItsPrimaryAndHealingRestoresIt() throws Exception {
    DockerTesting.imageOrSkip();
    Optional<String> noIptables = Iptables.system().unavailable();
    org.junit.jupiter.api.Assumptions.assumeTrue(noIptables.isEmpty(), () -> "no iptables: " + noIptables.orElse(""));
    try (DockerEnvironment env = DockerEnvironment.builder(Topology.REDIS_SENTINEL).runDirectory(runs.resolve("cut")).start()) {
      Node n1 = env.node("n1");
      Node n2 = env.node("n2");
      PacketFiltering filtering = env.require(PacketFiltering.class);
      assertThat(filtering.unavailable()).isEmpty();
      Link replication = env.link(Link.PEERS, n1).orElseThrow();
      filtering.cut(List.of(new PacketFiltering.Pair(n2, n1, Optional.of(replication))));
      try {
        assertThat(filtering.leftover()).as("the chain while the cut is on").isPresent();
        Resp.call(env.node("n1").address(), env.credentials(), "SET", "during", "1");
        assertThat(poll(() -> get(env, env.node("n3"), "during"), "1"::equals)).as("n3 is not cut").isEqualTo("1");
        // The cut link stalls (silence, not a refusal): nothing more reaches n2 while it lasts.
        Thread.sleep(2000);
        assertThat(get(env, n2, "during")).as("n2 cut from n1").isNull();
      } finally {
        filtering.clear();
      }
      assertThat(filtering.leftover()).isEmpty();
      assertThat(poll(() -> get(env, n2, "during"), "1"::equals)).as("healed").isEqualTo("1");
    }
  }

  @Test
  void postgresReplicatedStreamsBetweenContainers() throws Exception {
    DockerTesting.imageOrSkip();
    Path dir = runs.resolve("pg");
    try (DockerEnvironment env = DockerEnvironment.builder(Topology.PG_REPLICATED).runDirectory(dir).start()) {
      Node primary = env.primary().orElseThrow();
      assertThat(primary.name()).isEqualTo("n1");
      sql(env, env.clientEndpoint(primary), "CREATE TABLE t (v int); INSERT INTO t VALUES (7)");
      for (String replica : List.of("n2", "n3")) {
        Endpoint at = env.clientEndpoint(env.node(replica));
        assertThat(poll(() -> value(env, at), "7"::equals)).as(replica + " streams from n1").isEqualTo("7");
      }

      // A paused postmaster's backends (each in a session of its own) freeze too: an open connection hears nothing.
      try (Connection open = connect(env, env.clientEndpoint(primary))) {
        env.require(ProcessControl.class).pause(primary);
        assertThat(((ServerNode) primary).isPaused()).isTrue();
        try (Statement s = open.createStatement()) {
          s.setQueryTimeout(2);
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
              .as("the backend is stopped with its postmaster").isInstanceOf(SQLException.class);
        } finally {
          env.require(ProcessControl.class).resume(primary);
        }
      }
      assertThat(value(env, env.clientEndpoint(primary))).as("resumed").isEqualTo("7");
    }
    assertThat(Files.readString(dir.resolve("n1").resolve("pg_hba.conf"))).contains("10.214.");
  }

  private static <T> T poll(Supplier<T> probe, Predicate<T> accept) throws InterruptedException {
    long end = System.nanoTime() + WAIT.toNanos();
    T last = probe.get();
    while (!accept.test(last) && System.nanoTime() < end) {
      Thread.sleep(100);
      last = probe.get();
    }
    return last;
  }

  private static String get(Environment env, Node node, String key) {
    try {
      Object value = Resp.call(node.address(), env.credentials(), "GET", key);
      return value == null ? null : value.toString();
    } catch (IOException e) {
      return null;
    }
  }

  private static Connection connect(Environment env, Endpoint at) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", env.credentials().user());
    properties.setProperty("password", env.credentials().password());
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("socketTimeout", "5");
    return DriverManager.getConnection(at.jdbcUrl("postgres"), properties);
  }

  private static void sql(Environment env, Endpoint at, String statements) throws SQLException {
    try (Connection c = connect(env, at); Statement s = c.createStatement()) {
      s.execute(statements);
    }
  }

  private static String value(Environment env, Endpoint at) {
    try (Connection c = connect(env, at); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM t")) {
      return r.next() ? r.getString(1) : null;
    } catch (SQLException e) {
      return null;
    }
  }
}
