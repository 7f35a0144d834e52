package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Topology;
import org.junit.jupiter.api.Test;

/** cache-aside: a PostgreSQL node and a Redis node, each behind its own client link, with the run's password. */
class CacheAsideTopologyTest extends EnvironmentTest {

  @Test
  void theTruthAndTheCacheAnswerThroughLinksOfTheirOwn() throws Exception {
    assertThat(Topology.CACHE_ASIDE.linkNames()).containsExactly("clients_to_n1", "clients_to_n2");
    assertThat(Topology.CACHE_ASIDE.isRedis()).isFalse();
    start(Topology.CACHE_ASIDE);
    Node truth = env.node("n1");
    Node cache = env.node(Topology.CACHE_ASIDE.cache().orElseThrow());
    // Both are primaries of their own store; the environment's primary is the truth's.
    assertThat(env.primary()).contains(truth);
    Sql.execute(env, env.clientEndpoint(truth), "CREATE TABLE t (k int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 10)");
    assertThat(Sql.value(env, env.clientEndpoint(truth), "SELECT v FROM t WHERE k = 1")).isEqualTo("10");
    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.on(env.clientEndpoint(cache), c -> c.set("entry", "10"));
      assertThat(redis.get(env.clientEndpoint(cache), "entry")).isEqualTo("10");
    }
    assertThat(env.links()).extracting(Link::to).containsExactlyInAnyOrder(truth, cache);
  }
}
