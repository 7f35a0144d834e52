package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.PostgresReplication;
import faultline.environments.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    Resp.once(env, n1Clients, 2000, "SET", "before", "1");

    Op start = perform(nemesis, FailoverNemesis.START, FailoverNemesis.ISOLATE);
    assertThat(start.type()).as(start.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(start.value());
    assertThat(value).containsEntry("primary", "n1").containsEntry("links", List.of("peers_to_n1"));
    assertThat(value.get("new-primary")).as("the sentinels promoted a replica").isIn("n2", "n3");
    Node promoted = env.node((String) value.get("new-primary"));

    // Clients still reach the old primary, which still takes writes: a split brain.
    assertThat(Resp.once(env, n1Clients, 2000, "SET", "during", "lost")).isEqualTo("OK");
    assertThat(env.primaries()).contains(n1, promoted);

    Op stop = perform(nemesis, FailoverNemesis.STOP, null);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    // Usually the replica promoted at the start; on a loaded machine the sentinels may fail over
    // once more meanwhile, to the other replica. Either way a replica of before, never n1.
    Node primary = env.node((String) asMap(stop.value()).get("primary"));
    assertThat(primary.name()).isIn("n2", "n3");
    assertThat(env.primaries()).containsExactly(primary);
    // The sentinels turned n1 into a replica of the new primary: its acknowledged write is gone.
    assertThat(Poll.until(WAIT, () -> Resp.once(env, n1Clients, 2000, "GET", "before"), "1"::equals)).isEqualTo("1");
    assertThat(Poll.until(WAIT, () -> Resp.once(env, n1Clients, 2000, "GET", "during"), v -> v == null)).isNull();
    assertThat(Resp.once(env, env.clientEndpoint(primary), 2000, "GET", "during")).isNull();
    assertWhole();
  }

  /**
   * A cluster primary (the one holding keys) cut off from every other node, both ways (its peers share its proxies, so
   * its own connections to them are cut by the packet filter): its replica takes the shard over,
   * and after the stop the old primary is that replica's replica, with nothing left cut.
   */
  @Test
  void clusterFailsOverAnIsolatedPrimaryToItsReplicaAndTakesTheOldOneBackAsAReplica() throws Exception {
    start(Topology.REDIS_CLUSTER);
    FailoverNemesis nemesis = new FailoverNemesis(env, seeded());
    List<Node> primariesBefore = env.primaries();
    assertThat(primariesBefore).hasSize(3);
    // Only one shard holds a key, and not the one the seeded choice among all three would take:
    // a failover of a shard without keys could lose nothing, so that shard is the one cut off.
    Node holding = primariesBefore.get((seeded().nextInt(3) + 1) % 3);
    keyServedBy(holding);

    Op start = perform(nemesis, FailoverNemesis.START, FailoverNemesis.ISOLATE);
    assertThat(start.type()).as(start.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(start.value());
    Node old = env.node((String) value.get("primary"));
    assertThat(old).as("the primary holding keys").isEqualTo(holding);
    assertThat(value.get("links")).asList().contains("peers_to_" + old.name(), "bus_to_" + old.name());
    assertThat(value.get("filtered")).asList().isNotEmpty();
    assertThat(value.get("new-primary")).as("a replica took the shard over").isNotNull();
    Node promoted = env.node((String) value.get("new-primary"));
    assertThat(primariesBefore).doesNotContain(promoted);
    // A key of the shard is written on the promoted node, through its client proxy.
    String key = keyServedBy(promoted);
    assertThat(Resp.once(env, env.clientEndpoint(promoted), 2000, "SET", key, "after")).isEqualTo("OK");

    Op stop = perform(nemesis, FailoverNemesis.STOP, null);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    assertThat(env.primaries()).hasSize(3).contains(promoted).doesNotContain(old);
    // The old primary replicates the new one now (ROLE: slave, its primary's address, state).
    List<?> role = (List<?>) Resp.once(env, old.address(), 2000, "ROLE");
    assertThat(role.get(0)).isEqualTo("slave");
    assertThat(env.clientRoute(new Endpoint((String) role.get(1), ((Long) role.get(2)).intValue())))
        .isEqualTo(env.clientEndpoint(promoted));
    assertWhole();
  }

  /** A key whose slot {@code node} serves: it answers SET with OK, not a MOVED redirect. */
  private String keyServedBy(Node node) throws IOException {
    for (int i = 0; i < 100; i++) {
      try {
        Resp.once(env, env.clientEndpoint(node), 2000, "SET", "k" + i, "probe");
        return "k" + i;
      } catch (IOException moved) {
        // another shard's key
      }
    }
    throw new AssertionError(node.name() + " serves none of k0..k99");
  }

  /**
   * Three failovers in a row, each from the primary the last one promoted: every time the
   * cut-off primary acknowledges a row the promoted replica never receives, and after the stop
   * that row is gone from every node, the old primary streams again as a replica (rewound), and
   * a row written on the new primary reaches both replicas.
   */
  @Test
  void postgresFailsOverAgainAndAgainFromEachNewPrimaryAndRewindsTheOldOneIntoAReplica() throws Exception {
    start(Topology.PG_REPLICATED);
    FailoverNemesis nemesis = new FailoverNemesis(env, seeded());
    Node primary = env.node("n1");
    Sql.execute(env, env.clientEndpoint(primary), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (0)");
    List<String> kept = new java.util.ArrayList<>(List.of("0"));
    for (Node replica : others(primary)) assertThat(rowsEventually(replica, kept)).isEqualTo(String.join(",", kept));

    for (int round = 1; round <= 3; round++) {
      Op start = perform(nemesis, FailoverNemesis.START, null);
      assertThat(start.type()).as("round %d: %s", round, start.error()).isEqualTo(OpType.INFO);
      Node cutOff = primary;
      assertThat(asMap(start.value())).containsEntry("primary", cutOff.name());
      assertThat(asMap(start.value()).get("links")).asList()
          .containsExactlyInAnyOrderElementsOf(others(cutOff).stream().map(n -> n.name() + "_to_" + cutOff.name()).toList());
      // Asynchronous replication: the cut-off primary acknowledges a commit no replica receives.
      Sql.execute(env, env.clientEndpoint(cutOff), "INSERT INTO t VALUES (" + (100 + round) + ")");

      Op stop = perform(nemesis, FailoverNemesis.STOP, null);
      assertThat(stop.type()).as("round %d: %s", round, stop.error()).isEqualTo(OpType.INFO);
      Map<String, Object> value = asMap(stop.value());
      assertThat(value).containsEntry("fenced", cutOff.name()).doesNotContainKey("problems");
      assertThat(value.get("rewound")).asList().contains(cutOff.name());
      primary = env.node((String) value.get("promoted"));
      assertThat(primary).isNotEqualTo(cutOff);
      List<Node> replicas = others(primary);
      assertThat(value.get("replicas")).asList().containsExactlyInAnyOrderElementsOf(replicas.stream().map(Node::name).toList());

      assertThat(env.primaries()).as("round %d", round).containsExactly(primary);
      assertThat(env.primary()).contains(primary);
      String streaming = replicas.stream().map(n -> n.name() + "=streaming").sorted().collect(java.util.stream.Collectors.joining(","));
      Endpoint newPrimary = env.clientEndpoint(primary);
      assertThat(Poll.until(WAIT, () -> Sql.value(env, newPrimary,
              "SELECT string_agg(application_name || '=' || state, ',' ORDER BY application_name) FROM pg_stat_replication"),
          streaming::equals)).as("round %d: pg_stat_replication on %s", round, primary.name()).isEqualTo(streaming);
      for (Node replica : replicas) assertThat(env.require(PostgresReplication.class).upstream(replica)).as("upstream of %s", replica.name()).contains(primary);

      Sql.execute(env, newPrimary, "INSERT INTO t VALUES (" + round + ")");
      kept.add(Integer.toString(round));
      assertThat(Sql.value(env, newPrimary, "SELECT string_agg(k::text, ',' ORDER BY k) FROM t"))
          .as("round %d: the row %s acknowledged alone is lost", round, cutOff.name()).isEqualTo(String.join(",", kept));
      for (Node replica : replicas) {
        assertThat(rowsEventually(replica, kept)).as("round %d: rows on %s", round, replica.name()).isEqualTo(String.join(",", kept));
      }
    }
    assertThat(nemesis.fenced()).as("every fenced primary rejoined").isEmpty();
    nemesis.heal();
    assertWhole();
  }

  private List<Node> others(Node primary) {
    return env.nodes().stream().filter(n -> !n.equals(primary)).toList();
  }

  private String rowsEventually(Node node, List<String> rows) {
    String expected = String.join(",", rows);
    return Poll.until(WAIT, () -> Sql.value(env, env.clientEndpoint(node), "SELECT string_agg(k::text, ',' ORDER BY k) FROM t"), expected::equals);
  }
}
