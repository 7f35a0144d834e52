package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.DiskStall;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The disk-stall library in real servers: an operation that must wait for the disk (Redis with
 * appendfsync always, a PostgreSQL commit) takes at least the stall's delay while it is on, and
 * not after it is lifted. The bounds are one-sided and loose: a loaded machine only makes a
 * stalled op slower, and ten unstalled ops taking as long as ten stalls would mean the stall is on.
 */
class DiskStallTest extends EnvironmentTest {
  private static final Duration DELAY = Duration.ofMillis(1500);
  private static final int AFTER = 10;

  @Test
  void redisWithAppendfsyncAlwaysWaitsForTheStallOnlyWhileItIsOn() throws Exception {
    start(Topology.REDIS_SINGLE, b -> b.diskStall(true).redisSettings("appendfsync always"));
    Node n1 = env.node("n1");
    DiskStall stall = env.require(DiskStall.class);
    Endpoint clients = env.clientEndpoint(n1);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(clients.host(), clients.port()), 5000);
      socket.setSoTimeout(60_000);
      var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      auth(in, out, env.credentials().password());
      incr(in, out); // connected and answering

      stall.stall(n1, DELAY);
      assertThat(stall.delay(n1)).isEqualTo(DELAY);
      assertThat(millis(() -> incr(in, out))).as("an INCR under appendfsync always waits for its fsync").isGreaterThanOrEqualTo(DELAY.toMillis());

      stall.lift(n1);
      assertThat(stall.delay(n1)).isZero();
      incr(in, out); // an fsync that began under the stall ends within 50 ms of the lift
      long took = millis(() -> {
        for (int i = 0; i < AFTER; i++) incr(in, out);
      });
      assertThat(took).as(AFTER + " INCRs after the lift").isLessThan(AFTER * DELAY.toMillis());
    }
  }

  @Test
  void aPostgresCommitWaitsForTheStallOnlyWhileItIsOnAndTheStallOutlivesARestart() throws Exception {
    start(Topology.PG_SINGLE, b -> b.diskStall(true));
    Node n1 = env.node("n1");
    DiskStall stall = env.require(DiskStall.class);
    Sql.execute(env, env.clientEndpoint(n1), "CREATE TABLE t (x int)");
    // A restart keeps the library (and the stall): the fault is the node's, not one process's.
    env.require(ProcessControl.class).kill(n1);
    env.require(ProcessControl.class).start(n1);
    try (Connection c = Sql.connect(env, env.clientEndpoint(n1), 60); Statement s = c.createStatement()) {
      s.execute("INSERT INTO t VALUES (0)");
      stall.stall(n1, DELAY);
      assertThat(millis(() -> s.execute("INSERT INTO t VALUES (1)"))).as("a commit waits for its WAL flush")
          .isGreaterThanOrEqualTo(DELAY.toMillis());
      stall.lift(n1);
      s.execute("INSERT INTO t VALUES (2)");
      long took = millis(() -> {
        for (int i = 0; i < AFTER; i++) s.execute("INSERT INTO t VALUES (3)");
      });
      assertThat(took).as(AFTER + " commits after the lift").isLessThan(AFTER * DELAY.toMillis());
    }
  }

  @Test
  void withoutTheOptionServersRunAsInstalledAndNoStallIsOffered() throws Exception {
    start(Topology.REDIS_SINGLE);
    assertThat(env.capability(DiskStall.class)).isEmpty();
    Node n1 = env.node("n1");
    assertThat(Files.readString(java.nio.file.Path.of("/proc", Long.toString(n1.pid().orElseThrow()), "environ")))
        .doesNotContain("LD_PRELOAD");
  }

  @Test
  void theLibraryIsInEveryNodeAndADelayOutOfRangeIsRefused() throws Exception {
    start(Topology.REDIS_REPLICATED, b -> b.diskStall(true));
    DiskStall stall = env.require(DiskStall.class);
    for (Node node : env.nodes()) {
      assertThat(Files.readString(java.nio.file.Path.of("/proc", Long.toString(node.pid().orElseThrow()), "maps")))
          .as(node.name()).contains("disk-stall-");
    }
    assertThatThrownBy(() -> stall.stall(env.node("n1"), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stall.stall(env.node("n1"), DiskStall.MAX.plusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    env.require(ProcessControl.class).kill(env.node("n2"));
    assertThatThrownBy(() -> stall.stall(env.node("n2"), DELAY)).hasMessageContaining("not running");
  }

  private interface Action {
    void run() throws Exception;
  }

  private static long millis(Action action) throws Exception {
    long start = System.nanoTime();
    action.run();
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void auth(BufferedReader in, OutputStream out, String password) throws Exception {
    out.write(("*2\r\n$4\r\nAUTH\r\n$" + password.length() + "\r\n" + password + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(in.readLine()).isEqualTo("+OK");
  }

  private static void incr(BufferedReader in, OutputStream out) throws Exception {
    out.write("*2\r\n$4\r\nINCR\r\n$1\r\nk\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    assertThat(in.readLine()).startsWith(":");
  }
}
