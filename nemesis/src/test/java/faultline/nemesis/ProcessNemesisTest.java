package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kill and pause on real Redis and PostgreSQL processes, one environment per test. */
class ProcessNemesisTest extends WithEnvironment {

  @AfterEach
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void killPrimaryOnAClusterKillsOneOfItsShardPrimaries() throws Exception {
    start(Topology.REDIS_CLUSTER);
    ProcessNemesis nemesis = new ProcessNemesis(env, seeded());
    java.util.List<Node> primaries = env.primaries();
    assertThat(primaries).hasSize(3);

    Op kill = perform(nemesis, "start-kill", "primary");
    assertThat(kill.type()).as(kill.error()).isEqualTo(OpType.INFO);
    Node killed = env.node((String) asMap(kill.value()).get("node"));
    assertThat(primaries).contains(killed);
    assertThat(killed.isRunning()).isFalse();

    Op restart = perform(nemesis, "stop-kill", null);
    assertThat(restart.type()).as(restart.error()).isEqualTo(OpType.INFO);
    assertThat(killed.isRunning()).isTrue();
  }

  @Test
  void killedRedisIsGoneUntilTheStopRestartsItWithItsData() throws Exception {
    start(Topology.REDIS_SINGLE);
    ProcessNemesis nemesis = new ProcessNemesis(env, seeded());
    Node n1 = env.node("n1");
    Endpoint clients = env.clientEndpoint(n1);
    Resp.once(env, clients, 2000, "SET", "k", "acknowledged");
    long pid = n1.pid().orElseThrow();

    Op kill = perform(nemesis, "start-kill", "primary");
    assertThat(kill.type()).as(kill.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(kill.value())).containsEntry("node", "n1").containsEntry("pid", pid);
    assertThat(n1.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThatThrownBy(() -> Resp.once(env, clients, 1000, "GET", "k")).isInstanceOf(IOException.class);

    Op restart = perform(nemesis, "stop-kill", null);
    assertThat(restart.type()).as(restart.error()).isEqualTo(OpType.INFO);
    assertThat(n1.isRunning()).isTrue();
    assertThat(n1.pid().orElseThrow()).isNotEqualTo(pid);
    assertThat(Resp.once(env, clients, 2000, "GET", "k")).as("the AOF kept the acknowledged write").isEqualTo("acknowledged");
    assertWhole();
  }

  /**
   * While n1 is killed, a server of another program takes its address and answers PING.
   * The stop's restart is not accepted: the op is fail, saying why, and the kill stays on (heal
   * tries again), instead of an info op with a dead pid.
   */
  @Test
  void aRestartAnsweredByAForeignServerFailsTheStopSayingWhy() throws Exception {
    start(Topology.REDIS_SINGLE);
    ProcessNemesis nemesis = new ProcessNemesis(env, seeded());
    Node n1 = env.node("n1");
    assertThat(perform(nemesis, "start-kill", "n1").type()).isEqualTo(OpType.INFO);
    Process foreign = new ProcessBuilder("redis-server", "--bind", n1.address().host(), "--port", Integer.toString(n1.address().port()),
        "--save", "", "--appendonly", "no", "--protected-mode", "no",
        // Even a server that takes this run's password is not taken for n1: only n1's own process is.
        "--requirepass", env.credentials().password())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(Poll.until(java.time.Duration.ofSeconds(10), () -> Resp.once(env, n1.address(), 500, "PING"), "PONG"::equals))
          .as("the foreign server answers").isEqualTo("PONG");

      Op restart = perform(nemesis, "stop-kill", null);
      assertThat(restart.type()).isEqualTo(OpType.FAIL);
      assertThat(restart.error()).startsWith("cannot undo kill of n1: node n1 (redis-server on " + n1.address() + ")")
          .contains("another process (pid " + foreign.pid() + ", not ours");
      assertThat(n1.isRunning()).isFalse();
      assertThat(Leftovers.of(env)).containsExactly("node n1 not running");
    } finally {
      foreign.destroyForcibly().waitFor();
    }
    nemesis.heal();
    assertThat(n1.isRunning()).isTrue();
    assertWhole();
  }

  @Test
  void pausedRedisAnswersNothingUntilResumedAndHealResumesAForgottenPause() throws Exception {
    start(Topology.REDIS_SINGLE);
    ProcessNemesis nemesis = new ProcessNemesis(env, seeded());
    Node n1 = env.node("n1");
    Endpoint clients = env.clientEndpoint(n1);

    assertThat(perform(nemesis, "start-pause", "random").type()).isEqualTo(OpType.INFO);
    assertThat(ProcessStates.isPaused(n1)).isTrue();
    assertThat(Leftovers.of(env)).containsExactly("node n1 paused");
    try (Resp redis = new Resp(env, clients, 1000)) {
      assertThatThrownBy(() -> redis.call("PING")).isInstanceOf(SocketTimeoutException.class);
    }
    assertThat(perform(nemesis, "stop-pause", null).type()).isEqualTo(OpType.INFO);
    assertThat(Resp.once(env, clients, 1000, "PING")).isEqualTo("PONG");

    // A pause that nobody stops (the schedule interrupted): heal finds it through the kernel.
    perform(nemesis, "start-pause", "n1");
    nemesis.heal();
    nemesis.heal();
    assertThat(Resp.once(env, clients, 1000, "PING")).isEqualTo("PONG");
    assertWhole();
  }

  @Test
  void postgresPausedFreezesItsBackendsAndKilledRecoversCommittedRowsOnRestart() throws Exception {
    start(Topology.PG_SINGLE);
    ProcessNemesis nemesis = new ProcessNemesis(env, seeded());
    Endpoint clients = env.clientEndpoint(env.node("n1"));
    Sql.execute(env, clients, "CREATE TABLE t (k int PRIMARY KEY)", "INSERT INTO t VALUES (1)");

    try (Connection open = Sql.connect(env, clients, 1); Statement s = open.createStatement()) {
      assertThat(perform(nemesis, "start-pause", "n1").type()).isEqualTo(OpType.INFO);
      // The already-open connection's backend is frozen with its postmaster.
      assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM t")).isInstanceOf(SQLException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
    }
    assertThat(perform(nemesis, "stop-pause", null).type()).isEqualTo(OpType.INFO);
    assertThat(Sql.value(env, clients, "SELECT count(*) FROM t")).isEqualTo("1");

    assertThat(perform(nemesis, "start-kill", "n1").type()).isEqualTo(OpType.INFO);
    assertThatThrownBy(() -> Sql.value(env, clients, "SELECT 1")).isInstanceOf(SQLException.class);
    nemesis.heal(); // heal restarts what the nemesis killed, like the stop would
    assertThat(Sql.value(env, clients, "SELECT count(*) FROM t")).as("after crash recovery").isEqualTo("1");
    assertWhole();
  }
}
