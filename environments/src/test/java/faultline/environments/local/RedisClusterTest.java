package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Topology;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisClusterTest extends EnvironmentTest {
  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(10);

  @Test
  void clusterClientsWriteThroughProxiesAndACutPeerLinkStallsOnlyThatShardsReplica() throws Exception {
    start(Topology.REDIS_CLUSTER);
    PeerConnections.assertEachFromItsOwnAddress(env);
    assertThat(PeerConnections.of(env)).as("n1's gossip reaches every other node's bus link")
        .filteredOn(c -> c.node().name().equals("n1") && c.link().kind() == Link.Kind.CLUSTER_BUS)
        .extracting(c -> c.link().to().name()).contains("n2", "n3", "n4", "n5", "n6");
    assertThat(env.primaries()).extracting(Node::name).containsExactlyInAnyOrder("n1", "n2", "n3");
    // Shard s: primary n(s+1) owns slots [s*16384/3, (s+1)*16384/3), its replica is n(s+4).
    String keyOfN1 = keyInSlotRange(0, 5460);
    String keyOfN2 = keyInSlotRange(5461, 10921);

    try (RedisTestClient redis = new RedisTestClient(env)) {
      RedisClusterClient cluster = RedisClusterClient.create(redis.resources(),
          RedisURI.builder().withHost(env.clientEndpoint(env.node("n1")).host())
              .withPort(env.clientEndpoint(env.node("n1")).port()).withPassword(env.credentials().passwordChars())
              .withTimeout(RedisTestClient.TIMEOUT).build());
      try (StatefulRedisClusterConnection<String, String> c = cluster.connect()) {
        c.sync().set(keyOfN1, "1");
        c.sync().set(keyOfN2, "1");
        // Redirects named peer addresses; the client went through client proxies to the owners.
        assertThat(redis.get(env.node("n1").address(), keyOfN1)).isEqualTo("1");
        assertThat(redis.get(env.node("n2").address(), keyOfN2)).isEqualTo("1");
        assertThat(replicaRead(redis, "n4", keyOfN1, "1")).isEqualTo("1");
        assertThat(replicaRead(redis, "n5", keyOfN2, "1")).isEqualTo("1");

        // n4 streams from n1 through n1's peer link: cut it, and only n4 falls behind.
        Link peersToN1 = env.link(Link.PEERS, env.node("n1")).orElseThrow();
        assertThat(peersToN1.kind()).isEqualTo(Link.Kind.PEER);
        peersToN1.proxy().disable();
        c.sync().set(keyOfN1, "2");
        c.sync().set(keyOfN2, "2");
        assertThat(replicaRead(redis, "n5", keyOfN2, "2")).as("n5 keeps up").isEqualTo("2");
        assertThat(redis.getOnReplica(env.node("n4").address(), keyOfN1)).as("n4 falls behind").isEqualTo("1");

        peersToN1.proxy().enable();
        assertThat(replicaRead(redis, "n4", keyOfN1, "2")).as("n4 catches up").isEqualTo("2");
      } finally {
        cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }

  private String replicaRead(RedisTestClient redis, String replica, String key, String expected) {
    Endpoint at = env.node(replica).address();
    return Eventually.poll(REPLICATION_WAIT, () -> redis.getOnReplica(at, key), expected::equals);
  }

  private static String keyInSlotRange(int from, int to) {
    for (int i = 0; i < 100_000; i++) {
      int slot = SlotHash.getSlot("k" + i);
      if (slot >= from && slot <= to) return "k" + i;
    }
    throw new IllegalStateException("no key in slots " + from + ".." + to);
  }

}
