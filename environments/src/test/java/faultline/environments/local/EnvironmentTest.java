package faultline.environments.local;

import faultline.environments.Environment;
import faultline.environments.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that start an environment: each test starts its own, and after each test the
 * environment is closed and checked to have left nothing (see {@link RunFolders}).
 */
abstract class EnvironmentTest {
  Environment env;
  private RunFolders.Footprint footprint;
  private Path runDirectory;

  Environment start(Topology topology) throws IOException {
    return start(topology, UnaryOperator.identity());
  }

  Environment start(Topology topology, UnaryOperator<LocalEnvironment.Builder> options) throws IOException {
    runDirectory = RunFolders.create(topology.id());
    env = options.apply(LocalEnvironment.builder(topology).runDirectory(runDirectory)).start();
    footprint = RunFolders.footprint(env);
    // What a --nemesis link name is checked against before start is what the environment has.
    org.assertj.core.api.Assertions.assertThat(env.links().stream().map(faultline.environments.Link::name).toList())
        .containsExactlyInAnyOrderElementsOf(topology.linkNames());
    return env;
  }

  /**
   * Starting the killed {@code node} fails, naming the other program's server ({@code
   * foreignPid}) that answers at its address, and the node stays down.
   */
  void assertRestartRefused(faultline.environments.Node node, String program, long foreignPid) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.require(faultline.environments.ProcessControl.class).start(node))
        .isInstanceOf(faultline.environments.EnvironmentUnavailableException.class)
        .hasMessageContaining("node " + node.name() + " (" + program + " on " + node.address() + ") exited at start")
        .hasMessageContaining("another process (pid " + foreignPid + ", not ours");
    org.assertj.core.api.Assertions.assertThat(node.isRunning()).isFalse();
    org.assertj.core.api.Assertions.assertThat(node.pid()).isEmpty();
  }

  @AfterEach
  void closeAndAssertNothingLeft() throws IOException {
    if (env != null) {
      env.close();
      RunFolders.assertNothingLeft(footprint);
    } else if (runDirectory != null) {
      Directories.deleteRecursively(runDirectory);
    }
  }
}
