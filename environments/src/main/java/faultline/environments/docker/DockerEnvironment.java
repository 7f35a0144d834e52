package faultline.environments.docker;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostException;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import faultline.environments.local.ControlToxiproxy;
import faultline.environments.local.RunRegistry;
import faultline.environments.local.Teardown;
import faultline.environments.nodes.DeployedEnvironment;
import faultline.environments.nodes.Deployment;
import faultline.environments.nodes.Hosts;
import faultline.environments.nodes.PostgresNode;
import faultline.environments.nodes.Programs;
import faultline.environments.nodes.ServerNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * The {@code docker} environment: every node and sentinel a container of its own (a {@link
 * DockerHost}) on a network the run makes ({@link DockerRun}), the servers those of an image
 * ({@link ServerImages}: faultline's, built here from Debian's packages, or the user's), laid by
 * the same {@link Deployment} as a local run, with the same configuration.
 *
 * <p>Toxiproxy is this machine's ({@link ControlToxiproxy}), its API and every proxy on the
 * gateway of the run's network: the one address that both this JVM and the containers reach, on a
 * bridge that is the run's own. Peers reach each other through their proxies as in a local run,
 * so link faults apply alike, and a pair's packets pass this machine's iptables, where partitions
 * cut exactly the pairs they name ({@link DockerPacketFiltering}).
 *
 * <p>Teardown: each node's server killed, its folder (configuration and logs, not data) fetched
 * into the run folder, its container removed; then Toxiproxy, the filter chain, the network. A
 * shutdown hook does the same on Ctrl-C; after a SIGKILL the next run sweeps the containers and
 * network ({@link Leftovers}), Toxiproxy and the filter chain ({@link RunRegistry#sweep}).
 */
public final class DockerEnvironment implements DeployedEnvironment {
  private static final Duration SHORT = Duration.ofSeconds(30);

  private final Topology topology;
  private final Path runDirectory;
  private final Credentials credentials;
  private final Teardown teardown = new Teardown();
  private final Map<String, DockerHost> hosts = new ConcurrentHashMap<>();
  /** The nodes' containers, made side by side before the deployment asks for them (each takes the engine a while). */
  private final Map<String, Future<DockerHost>> containers = new ConcurrentHashMap<>();
  private DockerRun run;
  private String redisImage;
  private String postgresImage;
  private ControlToxiproxy toxiproxy;
  private Deployment deployment;

  private DockerEnvironment(Topology topology, Path runDirectory) {
    this.topology = topology;
    this.runDirectory = runDirectory;
    this.credentials = Credentials.generate(runDirectory, topology.isRedis() ? "default" : PostgresNode.USER);
    teardown.atExit(this::toString);
  }

  public static Builder builder(Topology topology) {
    return new Builder(topology);
  }

  /** Options of a docker environment; {@link #start()} returns it running. */
  public static final class Builder {
    private final Topology topology;
    private Path runDirectory;
    private Replication replication = Replication.ASYNC;
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String> redisSettings = new ArrayList<>();
    private final List<String> postgresSettings = new ArrayList<>();
    private Optional<String> redisImage = Optional.empty();
    private Optional<String> postgresImage = Optional.empty();
    private Consumer<String> progress = line -> {};

    private Builder(Topology topology) {
      this.topology = topology;
    }

    /** Where the run's files are kept here: Toxiproxy's log, the password, and the nodes' logs fetched at the end (required). */
    public Builder runDirectory(Path dir) {
      this.runDirectory = dir;
      return this;
    }

    public Builder replication(Replication replication) {
      this.replication = replication;
      return this;
    }

    /** Extra redis.conf lines for every Redis data node, after the defaults (as a local run's). */
    public Builder redisSettings(List<String> lines) {
      redisSettings.addAll(lines);
      return this;
    }

    /** Extra postgresql.conf lines for every PostgreSQL node, after the defaults. */
    public Builder postgresSettings(List<String> lines) {
      postgresSettings.addAll(lines);
      return this;
    }

    /** The image Redis nodes run (present in the engine); by default faultline's, built when missing. */
    public Builder redisImage(Optional<String> image) {
      this.redisImage = image;
      return this;
    }

    /** The image PostgreSQL nodes run (present in the engine); by default faultline's, built when missing. */
    public Builder postgresImage(Optional<String> image) {
      this.postgresImage = image;
      return this;
    }

    /** Where the image build's progress lines go (a first run builds it: a couple of minutes). */
    public Builder progress(Consumer<String> progress) {
      this.progress = progress;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Finds the engine (one line, exit 69, without one), makes sure of the images, sweeps what
     * killed runs left, then starts the topology and waits until it is whole. On any failure,
     * whatever had started is removed before the exception leaves.
     */
    public DockerEnvironment start() {
      if (runDirectory == null) throw new IllegalArgumentException("a run directory is required");
      if (!EnvironmentKind.DOCKER.lays(topology)) throw new IllegalArgumentException(topology + " is not started by faultline");
      DockerEngine.client();
      Optional<String> redis = topology.runsRedis() ? Optional.of(ServerImages.ensure(redisImage, progress)) : Optional.empty();
      Optional<String> postgres = topology.isRedis() ? Optional.empty() : Optional.of(ServerImages.ensure(postgresImage, progress));
      try {
        Files.createDirectories(runDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make run folder " + runDirectory, e);
      }
      DockerEnvironment env = new DockerEnvironment(topology, runDirectory.toAbsolutePath());
      try {
        env.redisImage = redis.orElse(null);
        env.postgresImage = postgres.orElse(null);
        env.run = DockerRun.start(redis.or(() -> postgres).orElseThrow());
        // Removed last: the network goes once no container is on it.
        env.teardown.push(env.run::close);
        env.makeContainers();
        env.toxiproxy = ControlToxiproxy.startOn(env.run.gateway(), env.runDirectory, startTimeout);
        env.teardown.push(env.toxiproxy::close);
        String chain = DockerPacketFiltering.chainFor(env.run.gateway());
        env.teardown.push(() -> new FilterChains(Iptables.system()).remove(chain));
        env.deployment = new Deployment(topology,
            new Deployment.Settings(replication, redisSettings, postgresSettings, startTimeout, env.credentials, env.runDirectory),
            env.new ContainerHosts(), env.toxiproxy.client(), env.run.gateway(), env::added);
        env.deployment.lay();
        return env;
      } catch (RuntimeException | Error e) {
        try {
          env.close();
        } catch (RuntimeException teardownFailure) {
          e.addSuppressed(teardownFailure);
        }
        throw e;
      }
    }
  }

  // ---- what the docker environment supplies to its deployment

  /**
   * A container per node, on the image of its database; a port there is the conventional one (the
   * container is the node's alone); the servers where the image keeps them.
   */
  private final class ContainerHosts implements Hosts {
    @Override
    public Host hostFor(String name, int index) {
      Future<DockerHost> made = containers.get(name);
      DockerHost host;
      try {
        host = made != null ? made.get() : run.host(name, imageOf(name));
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) throw failure;
        throw new IllegalStateException("container of " + name + ": " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the container of " + name + " was made", e);
      }
      hosts.put(name, host);
      // Closed after its node is retired and its files fetched (pushed before them).
      teardown.push(host::close);
      return host;
    }

    @Override
    public Endpoint port(Host host, int conventional) {
      return new Endpoint(host.address(), conventional);
    }

    @Override
    public Programs redis(Host host) {
      return DockerPrograms.redis(host);
    }

    @Override
    public Programs postgres(Host host) {
      return DockerPrograms.postgres(host);
    }

  }

  /**
   * Starts making a container for every node the topology will add (n1..nK, and s1..s3 for
   * Sentinel), at once: the engine makes them side by side, and the deployment then finds each
   * one ready. A container no node takes is removed with the run.
   */
  private void makeContainers() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= topology.dataNodes(); i++) names.add("n" + i);
    if (topology == Topology.REDIS_SENTINEL) names.addAll(List.of("s1", "s2", "s3"));
    for (String name : names) {
      FutureTask<DockerHost> task = new FutureTask<>(() -> run.host(name, imageOf(name)));
      Thread.ofVirtual().name("faultline-container-" + name).start(task);
      containers.put(name, task);
    }
  }

  /** The image of node {@code name}: Redis's for a Redis topology's nodes and a cache, else PostgreSQL's. */
  private String imageOf(String name) {
    boolean redis = topology.isRedis() || topology.cache().filter(name::equals).isPresent();
    return redis ? redisImage : postgresImage;
  }

  /**
   * A node as the deployment adds it: PostgreSQL accepts the run's network, from which this JVM and
   * Toxiproxy connect; at the end the node is stopped, then its files fetched (before its
   * container goes).
   */
  private void added(ServerNode node) {
    if (node instanceof PostgresNode postgres) postgres.acceptFrom(run.subnet());
    teardown.push(() -> fetchFiles(node));
    teardown.push(node::retire);
  }

  /** The node's folder in its container, data left out, into the run folder's {@code NAME/}. */
  private void fetchFiles(Node node) {
    DockerHost host = hosts.get(node.name());
    if (host == null) return;
    Execution listed = host.run(List.of("find", node.directory().toString(), "-maxdepth", "1", "-type", "f"), SHORT);
    if (!listed.succeeded()) throw new HostException(host, "listing " + node.directory() + ": " + listed.tail(1));
    for (String file : listed.output().strip().lines().filter(l -> !l.isBlank()).toList()) {
      Path path = Path.of(file);
      host.fetch(path, runDirectory.resolve(node.name()).resolve(path.getFileName().toString()));
    }
  }

  /** The images the run's nodes run: "redis" and "postgres" as they apply. */
  public Map<String, String> images() {
    Map<String, String> images = new java.util.LinkedHashMap<>();
    if (redisImage != null) images.put("redis", redisImage);
    if (postgresImage != null) images.put("postgres", postgresImage);
    return images;
  }

  /** The run's share of the engine: its network, subnet and labels. */
  public DockerRun dockerRun() {
    return run;
  }

  // ---- Environment

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public EnvironmentKind kind() {
    return EnvironmentKind.DOCKER;
  }

  @Override
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public Optional<Deployment> deployment() {
    return Optional.ofNullable(deployment);
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public Optional<Link> link(String from, Node to) {
    return deployment.link(from, to);
  }

  @Override
  public Endpoint toxiproxyApi() {
    return toxiproxy.api();
  }

  @Override
  public ToxiproxyClient toxiproxy() {
    return toxiproxy.client();
  }

  /** The nodes' own capabilities (the deployment's), and packet filtering on this machine; no disk stalls or clock control (yet). */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (!kind().offers(topology, type)) return Optional.empty();
    Optional<T> nodes = deployment.capability(type);
    if (nodes.isPresent()) return nodes;
    if (type == PacketFiltering.class) return Optional.of(type.cast(DockerPacketFiltering.of(this, run.gateway())));
    return Optional.empty();
  }

  @Override
  public void close() {
    teardown.closeOnce();
  }

  @Override
  public String toString() {
    return topology + " on docker in " + runDirectory;
  }
}

