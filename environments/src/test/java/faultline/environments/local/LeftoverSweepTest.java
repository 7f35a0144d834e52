package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * An environment owned by another JVM: SIGTERM (or Ctrl-C) runs its shutdown hook; SIGKILL runs
 * nothing, and what it left (processes, data, a partition's packet filter chain) is swept by the
 * next start.
 */
class LeftoverSweepTest {
  private Path runDirectory;
  private Process owner;

  /** Whatever an assertion cut short: the owner, what it left, the run folder. */
  @AfterEach
  void cleanUpEvenAfterAFailure() throws InterruptedException {
    if (owner != null && owner.isAlive()) {
      owner.destroyForcibly();
      owner.waitFor(10, TimeUnit.SECONDS);
    }
    RunRegistry.sweep();
    if (runDirectory != null) Directories.deleteRecursively(runDirectory);
  }

  @Test
  void aSigtermedOwnerStopsItsEnvironmentInItsShutdownHook() throws Exception {
    runDirectory = RunFolders.create("sigtermed");
    owner = startOwner(runDirectory);
    String[] up = readUp(owner);
    owner.destroy(); // SIGTERM
    assertThat(owner.waitFor(20, TimeUnit.SECONDS)).isTrue();
    long redisPid = Long.parseLong(up[1]);
    RunFolders.assertNothingLeft(
        new RunFolders.Footprint(runDirectory, List.of(Endpoint.parse(up[2])), List.of(runDirectory.resolve("n1/data")), List.of(redisPid)));
  }

  @Test
  void theSweepKillsWhatASigkilledRunLeftAndDeletesItsData() throws Exception {
    runDirectory = RunFolders.create("sigkilled");
    owner = startOwner(runDirectory);
    String[] up;
    try {
      up = readUp(owner);
    } finally {
      owner.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    long redisPid = Long.parseLong(up[1]);
    Endpoint toxiproxyApi = Endpoint.parse(up[2]);
    assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).as("orphaned redis-server").contains(true);
    assertThat(RunFolders.stateFilesMentioning(runDirectory)).hasSize(1);

    List<String> cleaned = RunRegistry.sweep();

    String run = runDirectory.toString();
    assertThat(cleaned).anySatisfy(line -> assertThat(line).contains(run).contains("killed 2"));
    assertThat(ProcessHandle.of(redisPid).filter(ManagedProcess::isRunning)).isEmpty();
    assertThat(RunFolders.accepts(toxiproxyApi)).as("toxiproxy API").isFalse();
    assertThat(runDirectory.resolve("n1/data")).doesNotExist();
    assertThat(runDirectory.resolve("n1/n1.log")).as("logs are kept").exists();
    RunFolders.assertNothingLeft(new RunFolders.Footprint(runDirectory, List.of(toxiproxyApi), List.of(), List.of(redisPid)));
  }

  @Test
  void theSweepRemovesThePacketFilterChainOfASigkilledRun() throws Exception {
    Iptables iptables = Iptables.system();
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    runDirectory = RunFolders.create("sigkilled-chain");
    owner = startOwner(runDirectory, "chain");
    String[] up;
    try {
      up = readUp(owner);
    } finally {
      owner.destroyForcibly();
      assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    String chain = up[3];
    FilterChains chains = new FilterChains(iptables);
    assertThat(chain).startsWith(FilterChains.PREFIX + owner.pid() + "-");
    assertThat(chains.rules(chain)).as("the killed run's chain").get().asList().hasSize(1);

    List<String> cleaned = RunRegistry.sweep();

    assertThat(cleaned).anySatisfy(line -> assertThat(line).contains("removed iptables chain " + chain + " (1 rule(s))"));
    assertThat(chains.rules(chain)).isEmpty();
    assertThat(iptables.run("-S").output()).as("iptables -S").doesNotContain(chain);
    RunFolders.assertNothingLeft(new RunFolders.Footprint(runDirectory, List.of(Endpoint.parse(up[2])), List.of(), List.of(Long.parseLong(up[1]))));
  }

  private static Process startOwner(Path runDirectory, String... options) throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        HoldEnvironment.class.getName(), runDirectory.toString()));
    command.addAll(List.of(options));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** The owner's "UP pid api" line, split. */
  private static String[] readUp(Process owner) throws java.io.IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the owner's first line").startsWith("UP ");
    return line.split(" ");
  }
}
