package faultline.environments.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import faultline.environments.EnvironmentKind;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.Polling;
import faultline.environments.ProcessControl;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.host.HostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh environment on netns test hosts: topologies laid on the hosts with peers talking
 * directly, clients through Toxiproxy here, kills through the hosts, pairs cut by iptables there,
 * and nothing left on the hosts after teardown. Skipped, saying why, where the hosts cannot be made.
 */
class SshEnvironmentTest {
  private static NetnsHosts hosts;

  @TempDir
  Path control;

  @BeforeAll
  static void hosts() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs Debian's redis-server");
    hosts = NetnsHosts.start(3);
  }

  @AfterAll
  static void removeHosts() {
    if (hosts != null) hosts.close();
  }

  @Test
  void redisSentinelOnThreeHostsFailsOverAndLeavesNothing() throws Exception {
    Inventory inventory = Inventory.read(hosts.writeInventory(control.resolve("inventory.json"), "redis-sentinel", 0));
    List<Integer> before = hosts.hosts().stream().map(hosts::processesOn).toList();
    long started = System.nanoTime();
    try (SshEnvironment env = SshEnvironment.builder(inventory).runDirectory(control.resolve("run")).start()) {
      System.out.printf("ssh redis-sentinel on 3 hosts up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(env.kind()).isEqualTo(EnvironmentKind.SSH);
      assertThat(env.nodes()).extracting(Node::name).containsExactly("n1", "n2", "n3", "s1", "s2", "s3");
      assertThat(env.node("n1").address().host()).isEqualTo(hosts.host(0).address());
      assertThat(env.links()).as("only the clients' proxies").allMatch(l -> l.from().equals("clients"));
      assertThat(env.primary()).map(Node::name).contains("n1");

      // The primary cut off from every other node on the hosts: the sentinels elect another.
      PacketFiltering filter = env.require(PacketFiltering.class);
      assertThat(filter.unavailable()).isEmpty();
      Node n1 = env.node("n1");
      filter.cut(env.nodes().stream().filter(n -> n != n1).map(n -> new PacketFiltering.Pair(n, n1, Optional.empty())).toList());
      assertThat(filter.leftover()).isPresent();
      assertThat(Polling.until(Duration.ofSeconds(30), () -> env.primary().filter(p -> p != n1).isPresent()))
          .as("a failover away from n1").isTrue();
      assertThat(filter.clear()).get().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.INTEGER).isPositive();
      assertThat(filter.leftover()).isEmpty();

      // A kill and a restart through the host.
      Node n2 = env.node("n2");
      env.require(ProcessControl.class).kill(n2);
      assertThat(n2.isRunning()).isFalse();
      env.require(ProcessControl.class).start(n2);
      assertThat(n2.isRunning()).isTrue();
      // A partition's chain left on: teardown removes it.
      filter.cut(List.of(new PacketFiltering.Pair(env.node("n2"), env.node("n3"), Optional.empty())));
    }
    for (NetnsHosts.NetnsHost h : hosts.hosts()) {
      assertThat(h.runFolder().resolve(h.name())).as("the run's folder on %s", h.name()).doesNotExist();
    }
    assertThat(control.resolve("run").resolve("n1").resolve("n1.log")).as("n1's log, fetched").exists();
    // No server, keeper or session of the run is left in the hosts' namespaces (sshd ends a closed session's processes a moment later).
    assertThat(Polling.until(Duration.ofSeconds(15), () -> hosts.hosts().stream().map(hosts::processesOn).toList().equals(before)))
        .as("the hosts' processes as before the run").isTrue();
    try (SshEnvironment again = SshEnvironment.builder(inventory).runDirectory(control.resolve("again")).start()) {
      // Same hosts, same ports: nothing of the first run is in the way, and no chain of it is left.
      assertThat(again.require(PacketFiltering.class).leftover()).isEmpty();
      assertThat(again.nodes().stream().filter(n -> n.role() != Role.SENTINEL)).hasSize(3);
    }
  }

  @Test
  void pgReplicatedOnThreeHosts() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/postgresql")), "needs Debian's PostgreSQL");
    Inventory inventory = Inventory.read(hosts.writeInventory(control.resolve("pg.json"), "pg-replicated", 0));
    long started = System.nanoTime();
    try (SshEnvironment env = SshEnvironment.builder(inventory).runDirectory(control.resolve("pg")).start()) {
      System.out.printf("ssh pg-replicated on 3 hosts up in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      assertThat(env.primary()).map(Node::name).contains("n1");
      assertThat(env.primaries()).hasSize(1);

      // A paused postmaster's backends (each in a session of its own) freeze too: an open connection hears nothing.
      Node primary = env.primary().orElseThrow();
      java.util.Properties login = new java.util.Properties();
      login.setProperty("user", env.credentials().user());
      login.setProperty("password", env.credentials().password());
      login.setProperty("connectTimeout", "5");
      login.setProperty("socketTimeout", "5");
      try (java.sql.Connection open = java.sql.DriverManager.getConnection(env.clientEndpoint(primary).jdbcUrl("postgres"), login);
          java.sql.Statement s = open.createStatement()) {
        s.execute("SELECT 1");
        env.require(faultline.environments.ProcessControl.class).pause(primary);
        try {
          s.setQueryTimeout(2);
          org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
              .as("the backend is stopped with its postmaster").isInstanceOf(java.sql.SQLException.class);
        } finally {
          env.require(faultline.environments.ProcessControl.class).resume(primary);
        }
      }
    }
    for (NetnsHosts.NetnsHost h : hosts.hosts()) assertThat(h.runFolder().resolve(h.name())).doesNotExist();
  }

  @Test
  void aKeyNoHostAcceptsIsOneLineNamingTheHostAndNothingStarts() throws Exception {
    Path file = hosts.writeInventory(control.resolve("bad.json"), "redis-replicated", 0);
    Files.writeString(file, Files.readString(file).replaceFirst("\"key\": \"[^\"]+\"", "\"key\": \"" + hosts.strangerKey() + "\""));
    HostException e = assertThrows(HostException.class,
        () -> SshEnvironment.builder(Inventory.read(file)).runDirectory(control.resolve("bad")).start());
    assertThat(e.getMessage()).contains("n1").doesNotContain("\n");
    assertThat(control.resolve("bad").resolve("toxiproxy.log")).doesNotExist();
  }

  @Test
  void anInventoryOfAnotherTopologyIsBadUsage() throws Exception {
    Inventory inventory = Inventory.read(hosts.writeInventory(control.resolve("other.json"), "redis-single", 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SshEnvironment.builder(inventory).topology(Topology.PG_REPLICATED).runDirectory(control.resolve("other")).start());
    assertThat(e.getMessage()).contains("redis-single").contains("pg-replicated");
  }
}
