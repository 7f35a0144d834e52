package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.Replication;
import faultline.environments.Topology;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresReplicatedTest extends EnvironmentTest {
  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(10);

  @Test
  void replicasStreamThroughTheirOwnLinksAndAPromotedReplicaAcceptsWrites() throws Exception {
    start(Topology.PG_REPLICATED);
    Node n1 = env.node("n1");
    Node n2 = env.node("n2");
    Node n3 = env.node("n3");
    assertThat(env.primary()).contains(n1);

    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    assertThat(Sql.value(env, n1.address(), "SELECT count(*) FROM t")).isEqualTo("1");
    for (Node replica : new Node[] {n2, n3}) {
      assertThat(countEventually(replica, "1")).as("replicated to %s", replica.name()).isEqualTo("1");
    }

    Link n2ToN1 = env.link("n2", n1).orElseThrow();
    n2ToN1.proxy().disable();
    Sql.execute(env, env.clientEndpoint(n1), "INSERT INTO t VALUES (2)");
    assertThat(countEventually(n3, "2")).as("n3 keeps up").isEqualTo("2");
    assertThat(Sql.value(env, env.clientEndpoint(n2), "SELECT count(*) FROM t")).as("n2 falls behind").isEqualTo("1");
    n2ToN1.proxy().enable();
    assertThat(countEventually(n2, "2")).as("n2 catches up after healing").isEqualTo("2");

    env.require(PostgresReplication.class).promote(n3);
    Sql.execute(env, env.clientEndpoint(n3), "INSERT INTO t VALUES (3)");
    assertThat(Sql.value(env, n3.address(), "SELECT count(*) FROM t")).isEqualTo("3");
    // n1 was not told: two nodes accept writes, and no single primary is named.
    assertThat(env.primaries()).containsExactlyInAnyOrder(n1, n3);
    assertThat(env.primary()).isEmpty();
  }

  @Test
  void synchronousRemoteApplyMakesACommitVisibleOnAReplicaBeforeItIsAcknowledged() throws Exception {
    start(Topology.PG_REPLICATED, b -> b.replication(Replication.SYNC_REMOTE_APPLY));
    Node n1 = env.node("n1");
    assertThat(Sql.value(env, n1.address(), "SHOW synchronous_commit")).isEqualTo("remote_apply");
    // A standby counts as a quorum member a moment after it starts streaming.
    assertThat(Eventually.poll(REPLICATION_WAIT, () -> Sql.valueOrNull(env, n1.address(),
            "SELECT string_agg(application_name || '=' || sync_state, ',' ORDER BY application_name) FROM pg_stat_replication"),
        "n2=quorum,n3=quorum"::equals))
        .isEqualTo("n2=quorum,n3=quorum");

    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)");
    for (int k = 1; k <= 20; k++) {
      Sql.execute(env, env.clientEndpoint(n1), "INSERT INTO t VALUES (" + k + ")");
      int onReplicas = 0;
      for (String replica : new String[] {"n2", "n3"}) {
        String found = Sql.value(env, env.node(replica).address(), "SELECT count(*) FROM t WHERE k = " + k);
        onReplicas += Integer.parseInt(found);
      }
      assertThat(onReplicas).as("replicas that applied commit %d when it was acknowledged", k).isGreaterThanOrEqualTo(1);
    }
  }

  /**
   * On the installed PostgreSQL (pg_basebackup and pg_rewind), and on 18.1 from Maven Central
   * (zonky's build, with neither: standbys by a low-level base backup, a rejoin by a fresh copy).
   */
  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(strings = {"installed", PostgresVersionsTest.VERSION})
  void afterAPromotionTheOtherReplicaFollowsAndTheFencedPrimaryRejoinsWithoutWhatItAloneCommitted(String version) throws Exception {
    Path programs = version.equals("installed") ? null : PostgresVersionsTest.binaries();
    start(Topology.PG_REPLICATED, b -> b.postgresPrograms(programs));
    if (programs != null) {
      for (Node node : env.nodes()) {
        assertThat(Sql.value(env, node.address(), "SHOW server_version")).as("%s's version", node.name()).isEqualTo(version);
      }
    }
    Node n1 = env.node("n1");
    Node n2 = env.node("n2");
    Node n3 = env.node("n3");
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    for (Node replica : new Node[] {n2, n3}) assertThat(countEventually(replica, "1")).isEqualTo("1");
    assertThat(env.require(PostgresReplication.class).upstream(n2)).contains(n1);

    Link n2ToN1 = env.link("n2", n1).orElseThrow();
    Link n3ToN1 = env.link("n3", n1).orElseThrow();
    n2ToN1.proxy().disable();
    n3ToN1.proxy().disable();
    Sql.execute(env, env.clientEndpoint(n1), "INSERT INTO t VALUES (2)"); // acknowledged by n1 alone
    env.require(ProcessControl.class).kill(n1);
    env.require(PostgresReplication.class).promote(n2);
    n2ToN1.proxy().enable();
    n3ToN1.proxy().enable();
    env.require(PostgresReplication.class).follow(n3, n2);
    env.require(PostgresReplication.class).rejoin(n1, n2);

    assertThat(env.primaries()).containsExactly(n2);
    for (Node replica : new Node[] {n1, n3}) {
      assertThat(Eventually.poll(REPLICATION_WAIT, () -> env.require(PostgresReplication.class).upstream(replica), u -> u.isPresent()))
          .as("%s streams from the new primary", replica.name()).contains(n2);
    }
    assertThat(Sql.value(env, n2.address(),
            "SELECT string_agg(application_name || '=' || state, ',' ORDER BY application_name) FROM pg_stat_replication"))
        .isEqualTo("n1=streaming,n3=streaming");
    Sql.execute(env, env.clientEndpoint(n2), "INSERT INTO t VALUES (3)");
    for (Node replica : new Node[] {n1, n3}) {
      assertThat(rowsEventually(replica, "1,3")).as("rows on %s (2 rewound away on n1)", replica.name()).isEqualTo("1,3");
    }
    assertThat(env.require(PostgresReplication.class).walPosition(n1)).isPresent();
    assertThat(env.runDirectory().resolve("n1/base-backup.log")).as("n1 copied afresh where pg_rewind is missing")
        .matches(log -> java.nio.file.Files.exists(log) == (programs != null));
  }

  @Test
  void aReplicaAheadOfThePromotedOneCannotFollowItUntilRewound() throws Exception {
    start(Topology.PG_REPLICATED);
    Node n1 = env.node("n1");
    Node n2 = env.node("n2");
    Node n3 = env.node("n3");
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");
    for (Node replica : new Node[] {n2, n3}) assertThat(countEventually(replica, "1")).isEqualTo("1");

    Link n2ToN1 = env.link("n2", n1).orElseThrow();
    n2ToN1.proxy().disable();
    Sql.execute(env, env.clientEndpoint(n1), "INSERT INTO t VALUES (2)");
    assertThat(countEventually(n3, "2")).as("n3 has row 2, n2 has not").isEqualTo("2");
    env.require(ProcessControl.class).kill(n1);
    env.require(PostgresReplication.class).promote(n2); // the replica that lost most, as a careless failover would choose
    n2ToN1.proxy().enable();
    env.require(PostgresReplication.class).follow(n3, n2);

    // n3 replayed WAL that n2's timeline does not have, and PostgreSQL says so in n3's log.
    String refusal = Eventually.poll(REPLICATION_WAIT, () -> logOf(n3), log -> log.contains("forked off current database system timeline"));
    assertThat(refusal).contains("forked off current database system timeline");
    assertThat(env.require(PostgresReplication.class).upstream(n3)).isEmpty();

    env.require(PostgresReplication.class).rejoin(n3, n2);
    assertThat(Eventually.poll(REPLICATION_WAIT, () -> env.require(PostgresReplication.class).upstream(n3), u -> u.isPresent())).contains(n2);
    assertThat(rowsEventually(n3, "1")).as("row 2 rewound away on n3").isEqualTo("1");
  }

  @Test
  void underSynchronousReplicationAPromotedReplicaWaitsForTheOthersAsTheFirstPrimaryDid() throws Exception {
    start(Topology.PG_REPLICATED, b -> b.replication(Replication.SYNC_REMOTE_APPLY));
    Node n1 = env.node("n1");
    Node n2 = env.node("n2");
    Node n3 = env.node("n3");
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY)");
    env.require(ProcessControl.class).kill(n1);
    env.require(PostgresReplication.class).promote(n2);
    assertThat(Sql.value(env, n2.address(), "SHOW synchronous_standby_names")).isEqualTo("ANY 1 (n1, n3)");
    assertThat(Sql.value(env, n2.address(), "SHOW synchronous_commit")).isEqualTo("remote_apply");
    env.require(PostgresReplication.class).follow(n3, n2);
    assertThat(Eventually.poll(REPLICATION_WAIT, () -> env.require(PostgresReplication.class).upstream(n3), u -> u.isPresent())).contains(n2);
    // n1 is down, so only n3 can make up the quorum: what n2 acknowledges, n3 has applied.
    for (int k = 1; k <= 5; k++) {
      Sql.execute(env, env.clientEndpoint(n2), "INSERT INTO t VALUES (" + k + ")");
      assertThat(Sql.value(env, n3.address(), "SELECT count(*) FROM t WHERE k = " + k)).as("commit %d on n3", k).isEqualTo("1");
    }
    env.require(PostgresReplication.class).rejoin(n1, n2);
    assertThat(Eventually.poll(REPLICATION_WAIT, () -> env.require(PostgresReplication.class).upstream(n1), u -> u.isPresent())).contains(n2);
    assertThat(Sql.value(env, n1.address(), "SHOW synchronous_standby_names")).as("a standby waits for nobody").isEmpty();
  }

  private static String logOf(Node node) {
    try {
      return java.nio.file.Files.readString(node.logFile());
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private String rowsEventually(Node node, String expected) {
    return Eventually.poll(REPLICATION_WAIT,
        () -> Sql.valueOrNull(env, env.clientEndpoint(node), "SELECT string_agg(k::text, ',' ORDER BY k) FROM t"), expected::equals);
  }

  private String countEventually(Node node, String expected) {
    return Eventually.poll(REPLICATION_WAIT,
        () -> Sql.valueOrNull(env, env.clientEndpoint(node), "SELECT count(*) FROM t"), expected::equals);
  }
}
