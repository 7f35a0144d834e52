package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Topology;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each link fault on redis-single's client link takes effect, and its stop or a heal undoes it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LinkFaultNemesisTest extends WithEnvironment {
  private LinkFaultNemesis nemesis;
  private Endpoint clients;

  @BeforeAll
  void startRedis() throws Exception {
    start(Topology.REDIS_SINGLE);
    nemesis = new LinkFaultNemesis(env, seeded());
    clients = env.clientEndpoint(env.node("n1"));
    Resp.once(env, clients, 2000, "SET", "small", "x");
    Resp.once(env, clients, 2000, "SET", "big", "b".repeat(8 * 1024));
  }

  @AfterEach
  void healAndAssertWhole() throws IOException {
    nemesis.heal();
    assertWhole();
  }

  @AfterAll
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void latencySlowsEveryRoundTripAndStoppingItRestoresSpeed() throws Exception {
    try (Resp redis = new Resp(env, clients, 5000)) {
      Op started = start(LinkFault.LATENCY);
      assertThat(asMap(started.value())).containsEntry("link", "clients_to_n1").containsEntry("latency-ms", 100L);
      // 100 ms ± 50 ms each way: at least 100 ms a round trip.
      assertThat(Poll.millis(() -> redis.call("GET", "small"))).isGreaterThanOrEqualTo(95);
      stop(LinkFault.LATENCY);
      assertThat(Poll.millis(() -> redis.call("GET", "small"))).isLessThan(50);
    }
  }

  @Test
  void aBlackHoledLinkMakesAnOpTimeOutAndANewConnectionWorksAfterTheStop() throws Exception {
    start(LinkFault.TIMEOUT);
    try (Resp redis = new Resp(env, clients, 1000)) {
      assertThatThrownBy(() -> redis.call("GET", "small")).isInstanceOf(SocketTimeoutException.class);
    }
    stop(LinkFault.TIMEOUT);
    assertThat(Resp.once(env, clients, 1000, "GET", "small")).isEqualTo("x");
  }

  @Test
  void droppedRepliesHideWorkThatWasDone() throws Exception {
    start(LinkFault.DROP_REPLIES);
    try (Resp redis = new Resp(env, clients, 1000)) {
      assertThatThrownBy(() -> redis.call("SET", "unheard", "done")).isInstanceOf(SocketTimeoutException.class);
    }
    stop(LinkFault.DROP_REPLIES);
    assertThat(Resp.once(env, clients, 1000, "GET", "unheard")).as("the write happened").isEqualTo("done");
  }

  @Test
  void resetPeerResetsConnections() throws Exception {
    start(LinkFault.RESET_PEER);
    assertThatThrownBy(() -> Resp.once(env, clients, 2000, "GET", "small")).isInstanceOf(IOException.class)
        .isNotInstanceOf(SocketTimeoutException.class);
    stop(LinkFault.RESET_PEER);
    assertThat(Resp.once(env, clients, 1000, "GET", "small")).isEqualTo("x");
  }

  @Test
  void bandwidthMakesABigReplyCrawlWhileTheBytesStayIntact() throws Exception {
    start(LinkFault.BANDWIDTH);
    try (Resp redis = new Resp(env, clients, 10_000)) {
      // 8 KB at 4 KB/s: about 2 s.
      long millis = Poll.millis(() -> assertThat(redis.call("GET", "big")).isEqualTo("b".repeat(8 * 1024)));
      assertThat(millis).isGreaterThanOrEqualTo(1000);
    }
  }

  @Test
  void slicerDeliversRepliesInSmallDelayedPiecesThatStillParse() throws Exception {
    start(LinkFault.SLICER);
    try (Resp redis = new Resp(env, clients, 10_000)) {
      redis.call("SET", "medium", "m".repeat(1024));
      // 1 KB in slices of about 8 bytes, 1 ms apart: well over 50 ms.
      long millis = Poll.millis(() -> assertThat(redis.call("GET", "medium")).isEqualTo("m".repeat(1024)));
      assertThat(millis).isGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void limitDataClosesAConnectionAfterTwoKilobytes() throws Exception {
    start(LinkFault.LIMIT_DATA);
    try (Resp redis = new Resp(env, clients, 2000)) {
      assertThat(redis.call("GET", "small")).isEqualTo("x");
      assertThatThrownBy(() -> redis.call("GET", "big")).isInstanceOf(IOException.class)
          .isNotInstanceOf(SocketTimeoutException.class);
    }
    stop(LinkFault.LIMIT_DATA);
    assertThat(Resp.once(env, clients, 2000, "GET", "big")).isEqualTo("b".repeat(8 * 1024));
  }

  @Test
  void aLinkDownClosesOpenConnectionsAndRefusesNewOnes() throws Exception {
    try (Resp redis = new Resp(env, clients, 2000)) {
      start(LinkFault.DOWN);
      assertThatThrownBy(() -> redis.call("GET", "small")).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> Resp.once(env, clients, 1000, "PING")).isInstanceOf(IOException.class);
    stop(LinkFault.DOWN);
    assertThat(Resp.once(env, clients, 1000, "PING")).isEqualTo("PONG");
  }

  @Test
  void healRemovesEveryActiveFaultAtOnceAndTwiceIsHarmless() throws Exception {
    start(LinkFault.LATENCY);
    start(LinkFault.SLICER);
    start(LinkFault.DOWN);
    assertThat(Leftovers.of(env)).hasSize(4); // two latency toxics, a slicer, a disabled proxy
    nemesis.heal();
    nemesis.heal();
    assertWhole();
    assertThat(Resp.once(env, clients, 1000, "GET", "small")).isEqualTo("x");
    // The heal forgot them: stopping one now says so rather than pretending.
    assertThat(stopOp(LinkFault.LATENCY).type()).isEqualTo(OpType.FAIL);
  }

  @Test
  void aFaultOnLinksTheTopologyLacksIsNotDoneAndChangesNothing() throws IOException {
    Op op = perform(nemesis, LinkFaultNemesis.startF(LinkFault.TIMEOUT), LinkTargets.PEERS);
    assertThat(op.type()).isEqualTo(OpType.FAIL);
    assertThat(op.error()).contains("no link matches 'peers'");
    assertWhole();
  }

  private Op start(LinkFault fault) {
    Op op = perform(nemesis, LinkFaultNemesis.startF(fault), LinkTargets.CLIENTS);
    assertThat(op.type()).as("%s: %s", fault, op.error()).isEqualTo(OpType.INFO);
    return op;
  }

  private void stop(LinkFault fault) {
    Op op = stopOp(fault);
    assertThat(op.type()).as("%s: %s", fault, op.error()).isEqualTo(OpType.INFO);
  }

  private Op stopOp(LinkFault fault) {
    return perform(nemesis, LinkFaultNemesis.stopF(fault), null);
  }
}
