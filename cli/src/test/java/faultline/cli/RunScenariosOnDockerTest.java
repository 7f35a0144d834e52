package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.environments.docker.DockerEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios on {@code --env docker}, with the verdicts they have locally: a container per node,
 * faults through the containers' hosts and this machine's Toxiproxy and iptables. Without an
 * engine each test is skipped and says why (scripts/start-docker starts one). The image is
 * faultline's own, built on first use (about two minutes) and reused after.
 */
class RunScenariosOnDockerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path store;

  @BeforeEach
  void needsAnEngine() throws Exception {
    Optional<String> noEngine = DockerEngine.unavailableReason();
    noEngine.ifPresent(why -> System.err.println("docker scenarios skipped: " + why));
    assumeTrue(noEngine.isEmpty(), () -> "docker scenarios skipped: " + noEngine.orElse(""));
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int exit, JsonNode test, JsonNode results, Path folder) {}

  private Run run(String scenario) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--scenario", scenario, "--env", "docker", "--time-limit=15", "--seed=6",
        "--store", store.toString()));
    int exit = Faultline.execute(args.toArray(String[]::new));
    Path folder = store.resolve("latest").toRealPath();
    return new Run(exit, JSON.readTree(folder.resolve("test.json").toFile()), JSON.readTree(folder.resolve("results.json").toFile()), folder);
  }

  /** The run happened in containers, named the image, and left nothing: faults healed, logs fetched. */
  private static void assertRanOnDocker(Run r, String database) {
    assertThat(r.test().at("/environment/kind").asText()).isEqualTo("docker");
    assertThat(r.test().at("/environment/images/" + database).asText()).startsWith("faultline/server:");
    assertThat(r.results().at("/nemesis/leftovers")).isEmpty();
    assertThat(r.folder().resolve("nodes").resolve("n1").resolve("n1.log")).as("n1's log fetched from its container").exists();
  }

  @Test
  void killAndRestartOfASingleRedisLosesNoIncrement() throws Exception {
    Run r = run("redis-counter-incr-faults");
    assertThat(r.exit()).as("valid, with info ops, as locally").isEqualTo(ExitCode.VALID);
    assertRanOnDocker(r, "redis");
  }

  @Test
  void sentinelFailoverOfAnIsolatedPrimaryLosesAcknowledgedAdds() throws Exception {
    Run r = run("redis-sentinel-set-partition");
    assertThat(r.exit()).as("lost adds, as locally").isEqualTo(ExitCode.ANOMALY);
    assertThat(r.results().at("/checkers/0/lost").asLong()).isPositive();
    assertRanOnDocker(r, "redis");
  }

  @Test
  void asynchronousPostgresFailoverLosesCommits() throws Exception {
    Run r = run("pg-failover-async-lost-writes");
    assertThat(r.exit()).as("lost adds, as locally").isEqualTo(ExitCode.ANOMALY);
    assertThat(r.results().at("/checkers/0/lost").asLong()).isPositive();
    assertRanOnDocker(r, "postgres");
  }

  @Test
  void synchronousPostgresFailoverLosesNothing() throws Exception {
    Run r = run("pg-failover-sync-no-loss");
    assertThat(r.exit()).as("valid, as locally").isEqualTo(ExitCode.VALID);
    assertRanOnDocker(r, "postgres");
  }

  @Test
  void aFaultDockerCannotOfferIsRefusedBeforeAnythingStarts() throws Exception {
    int exit = Faultline.execute("run", "--scenario", "redis-session-clock-jump", "--env", "docker", "--store", store.toString());
    assertThat(exit).isEqualTo(ExitCode.USAGE);
  }
}
