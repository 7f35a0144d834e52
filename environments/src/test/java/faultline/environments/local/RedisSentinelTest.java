package faultline.environments.local;

import faultline.environments.nodes.Resp;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Role;
import faultline.environments.Topology;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisSentinelTest extends EnvironmentTest {
  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(10);
  private static final Duration FAILOVER_WAIT = Duration.ofSeconds(30);

  @Test
  void killingThePrimaryFailsOverAndClientsAskingTheSentinelsFindTheNewPrimary() throws Exception {
    start(Topology.REDIS_SENTINEL);
    Node n1 = env.node("n1");
    assertThat(env.nodes()).extracting(Node::role).containsExactly(
        Role.PRIMARY, Role.REPLICA, Role.REPLICA, Role.SENTINEL, Role.SENTINEL, Role.SENTINEL);
    assertThat(env.primary()).contains(n1);

    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.set(env.clientEndpoint(n1), "before", "1");
      for (String replica : List.of("n2", "n3")) {
        Endpoint at = env.clientEndpoint(env.node(replica));
        assertThat(Eventually.poll(REPLICATION_WAIT, () -> redis.get(at, "before"), "1"::equals)).isEqualTo("1");
      }

      env.require(ProcessControl.class).kill(n1);
      Optional<Node> newPrimary = Eventually.poll(FAILOVER_WAIT, env::primary, p -> p.isPresent() && p.get() != n1);
      assertThat(newPrimary).as("a replica promoted by the sentinels").isPresent();
      assertThat(newPrimary.get().role()).isEqualTo(Role.REPLICA);

      // A client that knows only a sentinel's client proxy writes to the new primary.
      Endpoint sentinel = env.clientEndpoint(env.node("s2"));
      String written = Eventually.poll(FAILOVER_WAIT, () -> {
        try (StatefulRedisMasterReplicaConnection<String, String> c = MasterReplica.connect(
            redis.client(), StringCodec.UTF8, redis.sentinelUri(sentinel, LocalEnvironment.SENTINEL_MASTER_NAME))) {
          c.sync().set("after", "2");
          return c.sync().get("after");
        }
      }, "2"::equals);
      assertThat(written).isEqualTo("2");
      assertThat(redis.get(newPrimary.get().address(), "after")).as("on the node the sentinels named").isEqualTo("2");
      assertThat(redis.get(newPrimary.get().address(), "before")).as("acknowledged before the failover").isEqualTo("1");

      // The old primary comes back as a replica of the new one: the sentinels reconfigure it.
      env.require(ProcessControl.class).start(n1);
      assertThat(Eventually.poll(FAILOVER_WAIT, () -> redis.get(n1.address(), "after"), "2"::equals))
          .as("old primary rejoined as a replica").isEqualTo("2");
      // Eventually one primary, the one the sentinels name. Not at once: on a loaded machine a
      // first failover attempt can time out after promoting one replica, and a second promote
      // the other; the sentinels turn the first back into a replica a few seconds later.
      List<Node> settled = Eventually.poll(FAILOVER_WAIT, env::primaries,
          p -> p.size() == 1 && env.primary().equals(Optional.of(p.get(0))));
      assertThat(settled).as("one primary, named by the sentinels").hasSize(1);
    }
  }

  @Test
  void cuttingAReplicasPeerLinkMakesTheSentinelsSeeItDownAndHealingBringsItBack() throws Exception {
    start(Topology.REDIS_SENTINEL);
    PeerConnections.assertEachFromItsOwnAddress(env);
    assertThat(PeerConnections.of(env)).as("replicas and sentinels reach the primary's peer link")
        .filteredOn(c -> c.link().to().name().equals("n1")).extracting(c -> c.node().name())
        .contains("n2", "n3", "s1", "s2", "s3");
    Node n2 = env.node("n2");
    Link peersToN2 = env.link(Link.PEERS, n2).orElseThrow();
    Node s1 = env.node("s1");

    peersToN2.proxy().disable();
    assertThat(Eventually.poll(FAILOVER_WAIT, () -> replicaFlags(s1), f -> f.get("n2").contains("s_down")))
        .as("s1 sees n2 down while n3 is up")
        .satisfies(f -> assertThat(f.get("n3")).doesNotContain("s_down"));

    peersToN2.proxy().enable();
    assertThat(Eventually.poll(FAILOVER_WAIT, () -> replicaFlags(s1), f -> !f.get("n2").contains("s_down")).get("n2"))
        .doesNotContain("s_down");
  }

  /** SENTINEL REPLICAS, as node name to flags: what this sentinel thinks of each replica. */
  private Map<String, String> replicaFlags(Node sentinel) {
    try {
      Object reply = Resp.call(sentinel.address(), env.credentials(), "SENTINEL", "REPLICAS", LocalEnvironment.SENTINEL_MASTER_NAME);
      Map<String, String> flags = new java.util.HashMap<>();
      for (Object replica : (List<?>) reply) {
        List<?> fields = (List<?>) replica;
        Map<String, String> f = new java.util.HashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) f.put(fields.get(i).toString(), fields.get(i + 1).toString());
        Endpoint announced = new Endpoint(f.get("ip"), Integer.parseInt(f.get("port")));
        ((LocalEnvironment) env).nodeAnnouncedAt(announced).ifPresent(n -> flags.put(n.name(), f.get("flags")));
      }
      return flags;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
