package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A start that fails says why in one line, and leaves nothing running behind it. */
class StartFailureTest {
  private Path runDirectory;
  private Path emptyBin;

  @AfterEach
  void removeFolders() {
    System.clearProperty(Binaries.SEARCH_PATH_PROPERTY);
    if (runDirectory != null) Directories.deleteRecursively(runDirectory);
    if (emptyBin != null) Directories.deleteRecursively(emptyBin);
    assertThat(runDirectory).doesNotExist();
  }

  @Test
  void aMissingToxiproxyIsNamedWithTheBootstrapCommand() throws IOException {
    runDirectory = RunFolders.create("missing-toxiproxy");
    emptyBin = Files.createTempDirectory("faultline-empty-bin");
    System.setProperty(Binaries.SEARCH_PATH_PROPERTY, emptyBin.toString());

    EnvironmentUnavailableException e = catchThrowableOfType(EnvironmentUnavailableException.class,
        () -> LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(runDirectory).start());

    assertThat(e.getMessage()).isEqualTo("toxiproxy-server not found; run scripts/bootstrap to install it");
    assertNothingRunsFor(runDirectory);
  }

  @Test
  void aMissingRedisIsNamedAndTheToxiproxyAlreadyStartedIsStopped() throws IOException {
    runDirectory = RunFolders.create("missing-redis");
    emptyBin = Files.createTempDirectory("faultline-only-toxiproxy");
    Files.createSymbolicLink(emptyBin.resolve("toxiproxy-server"), Binaries.toxiproxyServer());
    System.setProperty(Binaries.SEARCH_PATH_PROPERTY, emptyBin.toString());

    EnvironmentUnavailableException e = catchThrowableOfType(EnvironmentUnavailableException.class,
        () -> LocalEnvironment.builder(Topology.REDIS_REPLICATED).runDirectory(runDirectory).start());

    assertThat(e.getMessage()).isEqualTo("redis-server not found; run scripts/bootstrap to install it");
    assertNothingRunsFor(runDirectory);
  }

  @Test
  void aNodeThatNeverAnswersFailsTheStartWithTheEndOfItsLog() throws IOException {
    runDirectory = RunFolders.create("never-ready");
    // A real redis-server that starts but cannot answer our readiness probe.
    EnvironmentUnavailableException e = catchThrowableOfType(EnvironmentUnavailableException.class,
        () -> LocalEnvironment.builder(Topology.REDIS_REPLICATED).runDirectory(runDirectory)
            .redisSettings("rename-command PING \"\"")
            .startTimeout(Duration.ofSeconds(2))
            .start());

    assertThat(e.getMessage())
        .matches("node n1 \\(redis-server on 127\\.0\\.\\d+\\.11:.*")
        .contains("did not answer within 2 s; log: " + runDirectory.resolve("n1/n1.log"))
        .doesNotContain("\n");
    assertThat(e.details()).contains("Ready to accept connections");
    assertThat(runDirectory.resolve("n1/n1.log")).as("the log is kept").exists();
    assertThat(runDirectory.resolve("n1/data")).as("the data is not").doesNotExist();
    assertNothingRunsFor(runDirectory);
  }

  private static void assertNothingRunsFor(Path runDirectory) throws IOException {
    assertThat(ProcessHandle.current().children().filter(ManagedProcess::isRunning).toList())
        .as("child processes of this JVM").isEmpty();
    assertThat(RunFolders.processesMentioning(runDirectory)).isEmpty();
    assertThat(RunFolders.stateFilesMentioning(runDirectory)).isEmpty();
  }
}
