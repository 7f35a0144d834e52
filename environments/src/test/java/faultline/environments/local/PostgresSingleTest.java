package faultline.environments.local;

import faultline.environments.nodes.ServerNode;
import faultline.environments.nodes.PostgresNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class PostgresSingleTest extends EnvironmentTest {

  @Test
  void aCommitThroughTheProxySurvivesKillMinus9() throws Exception {
    start(Topology.PG_SINGLE);
    Node n1 = env.node("n1");
    assertThat(env.primary()).contains(n1);
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (k int PRIMARY KEY, v int)", "INSERT INTO t VALUES (1, 10)");
    assertThat(Sql.value(env, n1.address(), "SELECT v FROM t WHERE k = 1")).isEqualTo("10");

    env.require(ProcessControl.class).kill(n1);
    assertThat(n1.isRunning()).isFalse();
    env.require(ProcessControl.class).start(n1);
    // fsync on, synchronous_commit on: what was acknowledged is still there after crash recovery.
    assertThat(Sql.value(env, env.clientEndpoint(n1), "SELECT v FROM t WHERE k = 1")).isEqualTo("10");
  }

  @Test
  void aPausedNodeTimesOutQueriesUntilResumed() throws Exception {
    start(Topology.PG_SINGLE);
    Node n1 = env.node("n1");
    env.require(ProcessControl.class).pause(n1);
    try {
      assertThatThrownBy(() -> Sql.value(env, env.clientEndpoint(n1), "SELECT 1", 1)).isInstanceOf(SQLException.class);
    } finally {
      env.require(ProcessControl.class).resume(n1);
    }
    assertThat(Sql.value(env, env.clientEndpoint(n1), "SELECT 1")).isEqualTo("1");
  }

  /**
   * A PostgreSQL of someone else's on a killed node's address answers every connection,
   * but its postmaster is not the process we started: the restart fails, naming it.
   */
  @Test
  void aForeignServerOnAKilledNodesAddressIsNotTakenForTheNode() throws Exception {
    start(Topology.PG_SINGLE);
    Node n1 = env.node("n1");
    ProcessControl processes = env.require(ProcessControl.class);
    processes.kill(n1);
    java.nio.file.Path foreignRun = RunFolders.create("foreign-postgres");
    RunRegistry foreignRegistry = RunRegistry.create(foreignRun);
    PostgresNode foreign = new PostgresNode("foreign", faultline.environments.Role.PRIMARY, n1.address(),
        new LocalHost("foreign", n1.address().host(), foreignRun, foreignRegistry::processStarted), LocalPrograms.postgres(null),
        java.time.Duration.ofSeconds(60))
        // Even a server that takes this run's password is not taken for n1: only n1's own postmaster is.
        .requirePassword(env.credentials());
    try {
      foreign.initialize();
      foreign.start();
      long foreignPid = foreign.pid().orElseThrow();

      assertRestartRefused(n1, "postgres", foreignPid);
    } finally {
      foreign.retire();
      foreignRegistry.delete();
      Directories.deleteRecursively(foreignRun);
    }
    processes.start(n1);
    assertThat(((ServerNode) n1).answeringPid()).isEqualTo(n1.pid());
  }
}
