package faultline.cli.run;

import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.ExternalEndpoint;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.environments.docker.DockerEnvironment;
import faultline.environments.docker.ServerImages;
import faultline.environments.local.ExternalEnvironment;
import faultline.environments.local.LocalEnvironment;
import faultline.environments.ssh.Inventory;
import faultline.environments.ssh.SshEnvironment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
   * @param images the images of --image (docker): "redis" and "postgres" to a name the engine has; faultline's where absent
   * @param progress where an image build's progress lines go (docker's first run builds one)
   */
  public record Request(Replication replication, List<String> redisSettings, boolean diskStall, boolean clockControl,
                        Path postgresPrograms, Path redisPrograms, Inventory inventory, List<ExternalEndpoint> endpoints,
                        Map<String, String> images, Consumer<String> progress) {
    public Request {
      redisSettings = List.copyOf(redisSettings);
      endpoints = List.copyOf(endpoints);
      images = Map.copyOf(images);
    }

    /** Nothing but the replication mode, the hosts and the images: what {@code env up} asks. */
    public static Request of(Replication replication, Inventory inventory, Map<String, String> images, Consumer<String> progress) {
      return new Request(replication, List.of(), false, false, null, null, inventory, List.of(), images, progress);
    }
  }

  /** The databases whose image --image may name. */
  private static final List<String> IMAGE_DATABASES = List.of("redis", "postgres");

  /**
   * --image's values ({@code redis=NAME}, {@code postgres=NAME}, each at most once) by database;
   * an IllegalArgumentException (exit 64) for anything else, or when the run is not on docker.
   */
  public static Map<String, String> images(List<String> options, EnvironmentKind kind) {
    Map<String, String> images = new LinkedHashMap<>();
    if (options == null || options.isEmpty()) return images;
    if (kind != EnvironmentKind.DOCKER) throw new IllegalArgumentException("--image chooses the images of --env docker, not of --env " + kind);
    for (String option : options) {
      int equals = option.indexOf('=');
      String database = equals < 0 ? "" : option.substring(0, equals);
      String name = equals < 0 ? "" : option.substring(equals + 1);
      if (!IMAGE_DATABASES.contains(database) || name.isBlank()) {
        throw new IllegalArgumentException("--image " + option + ": expected redis=NAME or postgres=NAME (an image the engine has)");
      }
      if (images.put(database, name) != null) throw new IllegalArgumentException("--image " + database + "= given twice");
    }
    return images;
  }

  /** The images a docker run of {@code topology} uses, as test.json records them: --image's, else faultline's own. */
  public static Map<String, String> imagesUsed(Topology topology, Map<String, String> images) {
    Map<String, String> used = new LinkedHashMap<>();
    if (topology.runsRedis()) used.put("redis", images.getOrDefault("redis", ServerImages.defaultImage()));
    if (!topology.isRedis()) used.put("postgres", images.getOrDefault("postgres", ServerImages.defaultImage()));
    return used;
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
      case DOCKER -> DockerEnvironment.builder(topology).runDirectory(runDirectory).replication(request.replication())
          .redisSettings(request.redisSettings()).progress(request.progress())
          .redisImage(Optional.ofNullable(request.images().get("redis")))
          .postgresImage(Optional.ofNullable(request.images().get("postgres"))).start();
      case SSH -> SshEnvironment.builder(request.inventory()).topology(topology).runDirectory(runDirectory)
          .replication(request.replication()).redisSettings(request.redisSettings().toArray(String[]::new)).start();
    };
  }
}
