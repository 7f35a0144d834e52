package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Role;
import faultline.environments.Topology;
import io.lettuce.core.RedisCommandTimeoutException;
import org.junit.jupiter.api.Test;

class RedisSingleTest extends EnvironmentTest {

  @Test
  void writesThroughTheProxyLandOnTheNodeAndSurviveKillMinus9() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    assertThat(n1.role()).isEqualTo(Role.PRIMARY);
    assertThat(n1.address().host()).isEqualTo("127.0.0.11");
    assertThat(env.clientEndpoint(n1)).isNotEqualTo(n1.address());

    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.set(env.clientEndpoint(n1), "k", "v1");
      assertThat(redis.get(n1.address(), "k")).isEqualTo("v1");

      long pid = n1.pid().orElseThrow();
      env.require(ProcessControl.class).kill(n1);
      assertThat(n1.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).filter(ManagedProcess::isRunning)).isEmpty();
      env.require(ProcessControl.class).start(n1);
      // appendonly yes: the write was in the AOF before its reply, so a kill -9 keeps it.
      assertThat(redis.get(env.clientEndpoint(n1), "k")).isEqualTo("v1");
      assertThat(env.primary()).contains(n1);
    }
  }

  @Test
  void aTakenPortMakesTheNodeListenOnAnother() throws Exception {
    try (java.net.ServerSocket squatter = new java.net.ServerSocket()) {
      squatter.bind(new java.net.InetSocketAddress("127.0.0.11", 6379));
      start(Topology.REDIS_SINGLE);
      Node n1 = env.node("n1");
      assertThat(n1.address().port()).isNotEqualTo(6379);
      try (RedisTestClient redis = new RedisTestClient(env)) {
        redis.set(env.clientEndpoint(n1), "k", "v");
        assertThat(redis.get(n1.address(), "k")).isEqualTo("v");
      }
    } catch (java.net.BindException someoneElseHasIt) {
      // 6379 on 127.0.0.11 is already taken by another program: the case under test, as well.
      start(Topology.REDIS_SINGLE);
      assertThat(env.node("n1").address().port()).isNotEqualTo(6379);
    }
  }

  @Test
  void aKilledNodeGetsItsPortBackWhenAnotherEnvironmentStartedMeanwhile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path other)
      throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    env.require(ProcessControl.class).kill(n1);
    // A second environment, started while n1 is down, must not take n1's port on 127.0.0.11.
    try (var second = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(other.resolve("nodes")).start()) {
      Node theirs = second.node("n1");
      assertThat(theirs.address().host()).isEqualTo(n1.address().host());
      assertThat(theirs.address().port()).isNotEqualTo(n1.address().port());
      env.require(ProcessControl.class).start(n1);
      try (RedisTestClient redis = new RedisTestClient(env)) {
        redis.set(env.clientEndpoint(n1), "k", "mine");
        assertThat(redis.get(n1.address(), "k")).isEqualTo("mine");
      }
    }
  }

  @Test
  void aPausedNodeAnswersNothingUntilResumed() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.on(env.clientEndpoint(n1), r -> {
        env.require(ProcessControl.class).pause(n1);
        try {
          assertThatThrownBy(r::ping).isInstanceOf(RedisCommandTimeoutException.class);
        } finally {
          env.require(ProcessControl.class).resume(n1);
        }
        assertThat(r.ping()).isEqualTo("PONG");
        return null;
      });
    }
  }

  @Test
  void aCutClientLinkRefusesClientsAndHealingRestoresThem() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    var link = env.link("clients", n1).orElseThrow();
    try (RedisTestClient redis = new RedisTestClient(env)) {
      link.proxy().disable();
      assertThatThrownBy(() -> redis.get(env.clientEndpoint(n1), "k")).isInstanceOf(RuntimeException.class);
      link.proxy().enable();
      String pong = redis.on(env.clientEndpoint(n1), r -> r.ping());
      assertThat(pong).isEqualTo("PONG");
    }
  }
}
