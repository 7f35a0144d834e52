package faultline.cli.run;

import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.ExternalEndpoint;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.environments.local.ExternalEnvironment;
import faultline.environments.local.LocalEnvironment;
import faultline.environments.ssh.Inventory;
import faultline.environments.ssh.SshEnvironment;
import java.nio.file.Path;
import java.util.List;

/**
 * The environment a run or {@code env up} starts, by kind: the one place in the command line that
 * says which class lays a kind's nodes (a new kind adds its case here and its constant to {@link
 * EnvironmentKind}).
 */
public final class Environments {
  private Environments() {}

  /**
   * What a kind needs besides the topology and the run folder; each kind takes what applies to it
   * and the command line has refused the rest already.
   *
   * @param redisSettings redis.conf lines after the defaults (--appendfsync)
   * @param postgresPrograms --postgres-version's folder, or null (local)
   * @param redisPrograms --redis-version's folder, or null (local)
   * @param inventory the hosts (ssh), or null
   * @param endpoints the servers (external), or empty
   */
  public record Request(Replication replication, List<String> redisSettings, boolean diskStall, boolean clockControl,
                        Path postgresPrograms, Path redisPrograms, Inventory inventory, List<ExternalEndpoint> endpoints) {
    public Request {
      redisSettings = List.copyOf(redisSettings);
      endpoints = List.copyOf(endpoints);
    }

    /** Nothing but the replication mode: what {@code env up} asks. */
    public static Request of(Replication replication, Inventory inventory) {
      return new Request(replication, List.of(), false, false, null, null, inventory, List.of());
    }
  }

  /** Starts {@code topology} on an environment of {@code kind}, its files in {@code runDirectory}. */
  public static Environment start(EnvironmentKind kind, Topology topology, Path runDirectory, Request request) {
    return switch (kind) {
      case LOCAL -> {
        LocalEnvironment.Builder builder = LocalEnvironment.builder(topology).runDirectory(runDirectory)
            .replication(request.replication()).diskStall(request.diskStall()).clockControl(request.clockControl())
            .redisSettings(request.redisSettings().toArray(String[]::new));
        if (request.postgresPrograms() != null) builder.postgresPrograms(request.postgresPrograms());
        if (request.redisPrograms() != null) builder.redisPrograms(request.redisPrograms());
        yield builder.start();
      }
      case EXTERNAL -> ExternalEnvironment.start(request.endpoints(), runDirectory);
      case SSH -> SshEnvironment.builder(request.inventory()).topology(topology).runDirectory(runDirectory)
          .replication(request.replication()).redisSettings(request.redisSettings().toArray(String[]::new)).start();
    };
  }
}
