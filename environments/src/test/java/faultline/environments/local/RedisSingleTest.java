package faultline.environments.local;

import faultline.environments.nodes.ServerNode;
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
    // 127.0.0.11 on a quiet machine; another run's environment may hold that block (127.0.B.11 then).
    assertThat(n1.address().host()).matches("127\\.0\\.\\d+\\.11");
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
      // The address the first free block gives n1 (127.0.0.11 on a quiet machine).
      squatter.bind(new java.net.InetSocketAddress(firstFreeNodeAddress(), 6379));
      start(Topology.REDIS_SINGLE);
      Node n1 = env.node("n1");
      assertThat(n1.address().port()).isNotEqualTo(6379);
      try (RedisTestClient redis = new RedisTestClient(env)) {
        redis.set(env.clientEndpoint(n1), "k", "v");
        assertThat(redis.get(n1.address(), "k")).isEqualTo("v");
      }
    } catch (java.net.BindException someoneElseHasIt) {
      // 6379 there is already taken by another program: the case under test, as well.
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
    // A second environment, started while n1 is down, gets a block of addresses of its own: it
    // never takes n1's address, even with the conventional port.
    try (var second = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(other.resolve("nodes")).start()) {
      Node theirs = second.node("n1");
      assertThat(theirs.address().host()).isNotEqualTo(n1.address().host());
      assertThat(second.toxiproxyApi().host()).isNotEqualTo(env.toxiproxyApi().host());
      assertThat(theirs.address().port()).isEqualTo(6379);
      env.require(ProcessControl.class).start(n1);
      try (RedisTestClient redis = new RedisTestClient(env)) {
        redis.set(env.clientEndpoint(n1), "k", "mine");
        assertThat(redis.get(n1.address(), "k")).isEqualTo("mine");
      }
    }
  }

  /**
   * Another program's server on a killed node's address (here a redis-server of its own)
   * answers PING, but is not our node: the restart fails, naming it, instead of being accepted.
   */
  @Test
  void aForeignServerOnAKilledNodesAddressIsNotTakenForTheNode() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    ProcessControl processes = env.require(ProcessControl.class);
    try (RedisTestClient redis = new RedisTestClient(env)) {
      redis.set(env.clientEndpoint(n1), "k", "ours");
    }
    processes.kill(n1);
    Process foreign = new ProcessBuilder(Binaries.redisServer().toString(), "--bind", n1.address().host(),
        "--port", Integer.toString(n1.address().port()), "--save", "", "--appendonly", "no", "--protected-mode", "no",
        // Even a server that takes this run's password is not taken for n1: only n1's own process is.
        "--requirepass", env.credentials().password())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(Eventually.poll(java.time.Duration.ofSeconds(10), () -> pid(n1), p -> p.isPresent()))
          .as("the foreign server answers").hasValue(foreign.pid());

      assertRestartRefused(n1, "redis-server", foreign.pid());
    } finally {
      foreign.destroyForcibly().waitFor();
    }
    processes.start(n1);
    assertThat(pid(n1)).isEqualTo(n1.pid());
    try (RedisTestClient redis = new RedisTestClient(env)) {
      assertThat(redis.get(env.clientEndpoint(n1), "k")).isEqualTo("ours");
    }
  }

  /** Once the teardown began, a heal running beside it (an exit hook's) cannot start a node again. */
  @Test
  void aNodeIsNotStartedAgainOnceTheEnvironmentIsClosed() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    ProcessControl processes = env.require(ProcessControl.class);
    processes.kill(n1);
    AddressBlock addresses = ((LocalEnvironment) env).addresses();
    assertThat(addresses.isHeld()).as("held while n1 is down").isTrue();
    env.close();
    assertThat(addresses.isHeld()).as("released by the teardown").isFalse();

    assertThatThrownBy(() -> processes.start(n1)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("torn down");
    assertThat(n1.isRunning()).isFalse();
    assertThat(n1.directory().resolve("data")).doesNotExist();
  }

  /**
   * Ctrl-C during a kill: the nemesis' exit hook restarts the node while the
   * environment's own hook tears it down. Whichever comes first, nothing is left (checked after
   * each test): no process, no data, no state file.
   */
  @Test
  void aRestartRacingTheTeardownLeavesNothingBehind() throws Exception {
    start(Topology.REDIS_SINGLE);
    Node n1 = env.node("n1");
    ProcessControl processes = env.require(ProcessControl.class);
    processes.kill(n1);
    Thread heal = Thread.ofPlatform().start(() -> {
      try {
        processes.start(n1);
      } catch (RuntimeException refusedOrTornDown) {
        // the teardown came first
      }
    });
    env.close();
    heal.join(60_000);
    assertThat(n1.isRunning()).isFalse();
  }

  /**
   * A teardown that cannot delete a node's data keeps the state file (and the run's
   * marker), so the next sweep deletes what is left instead of nothing ever doing so.
   */
  @Test
  void dataThatCannotBeDeletedAtTeardownIsLeftToTheSweep() throws Exception {
    start(Topology.REDIS_SINGLE);
    java.nio.file.Path stuck = env.node("n1").directory().resolve("data/stuck");
    java.nio.file.Files.writeString(stuck, "x");
    org.junit.jupiter.api.Assumptions.assumeTrue(chattr("+i", stuck) == 0, "chattr +i is not available here");
    java.nio.file.Path data = env.node("n1").directory().resolve("data");
    try {
      assertThatThrownBy(env::close).hasMessageContaining("cannot delete");
      // What a later sweep reads, once this JVM (the owner) is gone (LeftoverSweepTest shows that part).
      var states = RunFolders.stateFilesMentioning(env.runDirectory());
      assertThat(states).as("state file kept for the sweep").hasSize(1);
      assertThat(java.nio.file.Files.readAllLines(states.get(0))).contains("data " + data);
      assertThat(env.runDirectory().resolve(RunRegistry.RUN_MARK)).as("the marker the sweep requires").exists();
    } finally {
      chattr("-i", stuck);
    }
    Directories.deleteRecursively(data);
    for (var state : RunFolders.stateFilesMentioning(env.runDirectory())) java.nio.file.Files.delete(state);
  }

  private static int chattr(String flag, java.nio.file.Path file) throws Exception {
    return new ProcessBuilder("chattr", flag, file.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  private static java.util.OptionalLong pid(Node node) {
    return ((ServerNode) node).answeringPid();
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

  /** n1's address in the first block no environment holds now (another run may take it meanwhile: then the catch above). */
  private static String firstFreeNodeAddress() {
    try (AddressBlock block = AddressBlock.take()) {
      return block.nodeHost(0);
    }
  }
}
