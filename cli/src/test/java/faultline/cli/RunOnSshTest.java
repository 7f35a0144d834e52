package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import faultline.environments.ssh.NetnsHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios on the ssh environment (netns test hosts, each with its own sshd and address): the
 * same verdicts as on one machine, with kills through the hosts and the failovers' cuts made by
 * iptables on the hosts. 15 s of load each. Skipped, saying why, where the hosts cannot be made
 * (not root, no ip(8), no sshd). The whole catalogue is scripts/scenarios-on-ssh's (the long check).
 */
class RunOnSshTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static NetnsHosts hosts;

  @TempDir Path store;

  @BeforeEach
  void openTheStoreToPostgres() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static synchronized NetnsHosts hosts() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs Debian's redis-server");
    if (hosts == null) hosts = NetnsHosts.start(3);
    return hosts;
  }

  @AfterAll
  static void removeHosts() {
    if (hosts != null) hosts.close();
  }

  @Test
  void redisSingleKillsThroughTheHost() throws Exception {
    runAsOnOneMachine("redis-counter-incr-faults");
  }

  @Test
  void sentinelFailsOverWhenTheHostsCutThePrimaryOff() throws Exception {
    JsonNode results = runAsOnOneMachine("redis-sentinel-set-partition");
    assertThat(results.at("/nemesis/leftovers")).isEmpty();
  }

  @Test
  void pgReplicatedFailsOverWhenTheHostsCutReplication() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/lib/postgresql")), "needs Debian's PostgreSQL");
    runAsOnOneMachine("pg-failover-async-lost-writes");
  }

  @Test
  void anInventoryOfAnotherTopologyIsBadUsageAndAMissingOneToo() throws Exception {
    Path inventory = hosts().writeInventory(store.resolve("single.json"), "redis-single", 0);
    CheckCommandTest.Run other = CheckCommandTest.run("run", "--env", "ssh", "--inventory", inventory.toString(),
        "--scenario", "redis-sentinel-set-partition", "--store", store.toString());
    assertThat(other.code()).isEqualTo(ExitCode.USAGE);
    assertThat(other.err()).contains("lays redis-single, not redis-sentinel");
    CheckCommandTest.Run missing = CheckCommandTest.run("run", "--env", "ssh", "--inventory", store.resolve("none.json").toString(),
        "--store", store.toString());
    assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("none.json").contains("cannot be read");
  }

  @Test
  void aKeyNoHostAcceptsIsUnavailableNamingTheHost() throws Exception {
    Path inventory = hosts().writeInventory(store.resolve("bad.json"), "redis-single", 0);
    Files.writeString(inventory, Files.readString(inventory).replaceFirst("\"key\": \"[^\"]+\"", "\"key\": \"" + hosts.strangerKey() + "\""));
    CheckCommandTest.Run run = CheckCommandTest.run("run", "--env", "ssh", "--inventory", inventory.toString(),
        "--time-limit", "2", "--store", store.toString());
    assertThat(run.code()).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(run.err()).contains("n1");
  }

  @Test
  void faultsTheHostsCannotMakeAreRefusedBeforeAnythingStarts() {
    // No hosts needed: refused while the plan is made, before any connection.
    CheckCommandTest.Run stall = CheckCommandTest.run("run", "--inventory", "inventory.json", "--scenario", "redis-counter-incr-disk-stall-kill",
        "--store", store.toString());
    assertThat(stall.code()).isEqualTo(ExitCode.USAGE);
    CheckCommandTest.Run unknown = CheckCommandTest.run("run", "--env", "nowhere", "--store", store.toString());
    assertThat(unknown.code()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err()).contains("nowhere").contains("ssh");
  }

  /** Runs {@code name} on the hosts (an inventory of its topology) and expects its catalogued exit code. */
  private JsonNode runAsOnOneMachine(String name) throws Exception {
    Scenario scenario = Scenarios.byName(name).orElseThrow();
    Path inventory = hosts().writeInventory(store.resolve(scenario.topology().id() + ".json"), scenario.topology().id(), 0);
    int exit = Faultline.execute(new String[] {"run", "--env", "ssh", "--inventory", inventory.toString(), "--scenario", name,
        "--time-limit=15", "--seed=7", "--store", store.toString()});
    Path folder = store.resolve("latest").toRealPath();
    JsonNode test = JSON.readTree(folder.resolve("test.json").toFile());
    assertThat(test.at("/environment/kind").asText()).isEqualTo("ssh");
    assertThat(test.at("/environment/hosts")).hasSize(3);
    JsonNode results = JSON.readTree(folder.resolve("results.json").toFile());
    assertThat(exit).as("%s on ssh: %s (expected %s)", name, results.at("/valid"), scenario.expected()).isEqualTo(scenario.expectedExitCode());
    assertThat(folder.resolve("nodes").resolve("n1").resolve("n1.log")).as("n1's log, fetched from its host").exists();
    for (NetnsHosts.NetnsHost h : hosts.hosts()) assertThat(h.runFolder().resolve(h.name())).as("the run's folder on %s", h.name()).doesNotExist();
    return results;
  }
}
