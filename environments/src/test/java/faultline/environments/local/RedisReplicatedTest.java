package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisReplicatedTest extends EnvironmentTest {
  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(10);

  @Test
  void replicasFollowThroughTheirOwnLinksAndACutLinkStallsOnlyItsReplica() throws Exception {
    start(Topology.REDIS_REPLICATED);
    Node n1 = env.node("n1");
    Node n2 = env.node("n2");
    Node n3 = env.node("n3");
    assertThat(env.primary()).contains(n1);
    Link n2ToN1 = env.link("n2", n1).orElseThrow();
    assertThat(n2ToN1.kind()).isEqualTo(Link.Kind.REPLICATION);

    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.set(env.clientEndpoint(n1), "a", "1");
      assertThat(redis.get(n1.address(), "a")).isEqualTo("1");
      for (Node replica : new Node[] {n2, n3}) {
        assertThat(Eventually.poll(REPLICATION_WAIT, () -> redis.get(env.clientEndpoint(replica), "a"), "1"::equals))
            .as("replicated to %s", replica.name()).isEqualTo("1");
      }

      n2ToN1.proxy().disable();
      redis.set(env.clientEndpoint(n1), "b", "2");
      assertThat(Eventually.poll(REPLICATION_WAIT, () -> redis.get(env.clientEndpoint(n3), "b"), "2"::equals))
          .as("n3 keeps up").isEqualTo("2");
      // n3 has it, and n2 (whose only way to n1 is cut) still does not.
      assertThat(redis.get(env.clientEndpoint(n2), "b")).as("n2 falls behind").isNull();

      n2ToN1.proxy().enable();
      assertThat(Eventually.poll(REPLICATION_WAIT, () -> redis.get(env.clientEndpoint(n2), "b"), "2"::equals))
          .as("n2 catches up after healing").isEqualTo("2");
    }
  }
}
