package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What runs whose JVM died left in the engine (containers, networks) and on disk (image build
 * folders, {@link ServerImages}): a run's close removes its own, but a JVM killed with SIGKILL
 * runs nothing. Each new run sweeps first.
 *
 * <p>Only objects whose labels name a run of this user on this machine whose process is gone
 * ({@link RunOwner#isDeadRunOfOurs}) are removed: the engine is shared with other runs of
 * faultline, alive ones included, and with everything else on the machine.
 */
public final class Leftovers {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private Leftovers() {}

  /** Removes the dead runs' containers, then their networks, then the build folders of dead builds; says what it removed. */
  public static List<String> sweep(DockerClient client) {
    List<String> removed = new ArrayList<>();
    for (Container container : containers(client, Map.of())) {
      Optional<RunOwner> owner = RunOwner.of(container.getLabels());
      if (owner.isPresent() && owner.get().isDeadRunOfOurs()) {
        removeContainer(client, container.getId());
        removed.add("container " + String.join(",", container.getNames()) + " of run " + owner.get().run());
      }
    }
    List<Network> networks = DockerEngine.within(CALL_TIMEOUT, "list networks", () ->
        client.listNetworksCmd().withFilter("label", List.of(RunOwner.RUN)).exec());
    for (Network network : networks) {
      Optional<RunOwner> owner = RunOwner.of(network.getLabels());
      if (owner.isPresent() && owner.get().isDeadRunOfOurs()) {
        try {
          DockerEngine.within(CALL_TIMEOUT, "remove network " + network.getName(), () -> {
            client.removeNetworkCmd(network.getId()).exec();
            return null;
          });
          removed.add("network " + network.getName() + " of run " + owner.get().run());
        } catch (RuntimeException e) {
          // in use by a container we may not remove, or gone: left for the next sweep
        }
      }
    }
    ServerImages.removeDeadBuildFolders().forEach(folder -> removed.add("build folder " + folder));
    return removed;
  }

  /** Removes every container of run {@code run}, whatever state it is in. */
  static void removeRun(DockerClient client, String run) {
    for (Container container : containers(client, Map.of(RunOwner.RUN, run))) removeContainer(client, container.getId());
  }

  /** Containers carrying faultline's run label (with the given values), running or not. */
  static List<Container> containers(DockerClient client, Map<String, String> labels) {
    return DockerEngine.within(CALL_TIMEOUT, "list containers", () -> {
      var list = client.listContainersCmd().withShowAll(true);
      if (labels.isEmpty()) list.withLabelFilter(List.of(RunOwner.RUN));
      else list.withLabelFilter(labels);
      return list.exec();
    });
  }

  private static void removeContainer(DockerClient client, String id) {
    try {
      DockerEngine.within(CALL_TIMEOUT, "remove container " + id, () -> {
        client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        return null;
      });
    } catch (RuntimeException e) {
      // gone already, or being removed by its own run
    }
  }
}
