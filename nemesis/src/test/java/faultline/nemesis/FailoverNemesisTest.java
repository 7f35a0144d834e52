package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failovers on real servers, each reproducing in miniature the loss Jepsen found: what the old
 * primary acknowledged while cut off is gone once the system has failed over.
 */
class FailoverNemesisTest extends WithEnvironment {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @AfterEach
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void sentinelsFailOverAnIsolatedPrimaryThatKeepsAcknowledgingWritesWhichTheHealThenDiscards() throws Exception {
    start(Topology.REDIS_SENTINEL);
    FailoverNemesis nemesis = new FailoverNemesis(env, seeded());
    Node n1 = env.node("n1");
    Endpoint n1Clients = env.clientEndpoint(n1);
    Resp.once(n1Clients, 2000, "SET", "before", "1");

    Op start = perform(nemesis, FailoverNemesis.START, FailoverNemesis.ISOLATE);
    assertThat(start.type()).as(start.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(start.value());
    assertThat(value).containsEntry("primary", "n1").containsEntry("links", List.of("peers_to_n1"));
    assertThat(value.get("new-primary")).as("the sentinels promoted a replica").isIn("n2", "n3");
    Node promoted = env.node((String) value.get("new-primary"));

    // Clients still reach the old primary, which still takes writes: a split brain.
    assertThat(Resp.once(n1Clients, 2000, "SET", "during", "lost")).isEqualTo("OK");
    assertThat(env.primaries()).contains(n1, promoted);

    Op stop = perform(nemesis, FailoverNemesis.STOP, null);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(stop.value())).containsEntry("primary", promoted.name());
    assertThat(env.primaries()).containsExactly(promoted);
    // The sentinels turned n1 into a replica of the new primary: its acknowledged write is gone.
    assertThat(Poll.until(WAIT, () -> Resp.once(n1Clients, 2000, "GET", "before"), "1"::equals)).isEqualTo("1");
    assertThat(Poll.until(WAIT, () -> Resp.once(n1Clients, 2000, "GET", "during"), v -> v == null)).isNull();
    assertThat(Resp.once(env.clientEndpoint(promoted), 2000, "GET", "during")).isNull();
    assertWhole();
  }

  @Test
  void postgresFailoverPromotesAReplicaThatNeverSawWhatTheCutOffPrimaryCommitted() throws Exception {
    start(Topology.PG_REPLICATED);
    FailoverNemesis nemesis = new FailoverNemesis(env, seeded());
    Node n1 = env.node("n1");
    Sql.execute(env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    for (String replica : List.of("n2", "n3")) {
      Endpoint at = env.clientEndpoint(env.node(replica));
      assertThat(Poll.until(WAIT, () -> Sql.value(at, "SELECT count(*) FROM t"), "1"::equals)).isEqualTo("1");
    }

    Op start = perform(nemesis, FailoverNemesis.START, null);
    assertThat(start.type()).as(start.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(start.value()).get("links")).asList().containsExactlyInAnyOrder("n2_to_n1", "n3_to_n1");
    // Asynchronous replication: the cut-off primary acknowledges the commit.
    Sql.execute(env.clientEndpoint(n1), "INSERT INTO t VALUES (2)");

    Op stop = perform(nemesis, FailoverNemesis.STOP, null);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(stop.value());
    assertThat(value).containsEntry("fenced", "n1");
    Node promoted = env.node((String) value.get("promoted"));
    assertThat(env.primary()).as("clients follow the current primary").contains(promoted);
    assertThat(Sql.value(env.clientEndpoint(promoted), "SELECT string_agg(k::text, ',' ORDER BY k) FROM t"))
        .as("the acknowledged row 2 is lost").isEqualTo("1");
    Sql.execute(env.clientEndpoint(promoted), "INSERT INTO t VALUES (3)");

    // Only one failover per primary line: the other replica still follows the fenced n1.
    assertThat(perform(nemesis, FailoverNemesis.START, null).type()).isEqualTo(OpType.FAIL);
    nemesis.heal();
    assertThat(nemesis.fenced()).containsExactly("n1");
    assertWhole(Set.of("n1"));
  }
}
