package faultline.environments.local;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.environments.host.Host;
import faultline.environments.nodes.DeployedEnvironment;
import faultline.environments.nodes.Deployment;
import faultline.environments.nodes.Hosts;
import faultline.environments.nodes.PostgresNode;
import faultline.environments.nodes.Programs;
import faultline.environments.nodes.RedisSentinelTopology;
import faultline.environments.nodes.ServerNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code local} environment: every node a process of this machine on its own loopback
 * address, every link a proxy of a Toxiproxy server that the environment runs too.
 *
 * <pre>{@code
 * try (Environment env = LocalEnvironment.builder(Topology.REDIS_SENTINEL).runDirectory(dir).start()) {
 *   Endpoint primary = env.clientEndpoint(env.primary().orElseThrow());
 * }
 * }</pre>
 *
 * <p>Teardown is certain: {@link #close()} at the end, a shutdown hook on Ctrl-C or SIGTERM, and
 * for a JVM killed outright the {@link RunRegistry} file that the next start sweeps.
 */
public final class LocalEnvironment implements DeployedEnvironment {
  /** The name the sentinels of redis-sentinel know the primary by. */
  public static final String SENTINEL_MASTER_NAME = RedisSentinelTopology.MASTER_NAME;

  private final Topology topology;
  private final Path runDirectory;
  private final Replication replication;
  /** The PostgreSQL programs' folder (--postgres-version), or null for the newest installed. */
  private final Path postgresPrograms;
  /** The folder of redis-server (--redis-version), or null for the installed one. */
  private final Path redisPrograms;
  private final RunRegistry registry;
  private final LocalDiskStall diskStall;
  private final LocalClockControl clockControl;
  private final Credentials credentials;
  private final AddressBlock block;
  private volatile boolean dataDeleted;
  private final Teardown teardown = new Teardown();
  private final List<Path> dataDirectories = new CopyOnWriteArrayList<>();
  private ToxiproxyServer toxiproxy;
  private Deployment deployment;

  private LocalEnvironment(Builder builder) {
    this.topology = builder.topology;
    this.runDirectory = Directories.create(builder.runDirectory.toAbsolutePath());
    if (PostgresUser.weAreRoot() && !topology.isRedis()) {
      // PostgreSQL's user must be able to walk down to its data, through our run folder.
      Directories.requireOpenToOthers(runDirectory.getParent());
      Directories.openToOthers(runDirectory);
    }
    this.replication = builder.replication;
    this.postgresPrograms = builder.postgresPrograms;
    this.redisPrograms = builder.redisPrograms;
    this.diskStall = builder.diskStallLibrary == null ? null : new LocalDiskStall(builder.diskStallLibrary);
    this.clockControl = builder.clockOffsetLibrary == null ? null : new LocalClockControl(builder.clockOffsetLibrary);
    this.block = builder.block;
    // Released last, once no server of ours can listen on its addresses any more.
    teardown.push(block::close);
    this.registry = RunRegistry.create(runDirectory);
    this.credentials = Credentials.generate(runDirectory, topology.isRedis() ? "default" : PostgresNode.USER);
    // The state file goes only with the data: had a deletion failed, the next sweep retries it.
    teardown.push(() -> {
      if (dataDeleted) registry.delete();
    });
    teardown.push(this::deleteData);
    teardown.atExit(this::toString);
  }

  public static Builder builder(Topology topology) {
    return new Builder(topology);
  }

  /** Options of a local environment; {@link #start()} returns it running. */
  public static final class Builder {
    private final Topology topology;
    private Path runDirectory;
    private Replication replication = Replication.ASYNC;
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String> redisSettings = new ArrayList<>();
    private final List<String> postgresSettings = new ArrayList<>();
    private Path postgresPrograms;
    private Path redisPrograms;
    private boolean diskStall;
    private Path diskStallLibrary;
    private boolean clockControl;
    private Path clockOffsetLibrary;
    private AddressBlock block;

    private Builder(Topology topology) {
      this.topology = topology;
    }

    /** Where nodes keep data, configuration and logs (required). */
    public Builder runDirectory(Path dir) {
      this.runDirectory = dir;
      return this;
    }

    /** pg-replicated only: asynchronous (default) or synchronous replication. */
    public Builder replication(Replication replication) {
      this.replication = replication;
      return this;
    }

    /**
     * Extra redis.conf lines for every Redis data node (not sentinels), after the defaults, so
     * they win: a scenario with weaker durability says {@code appendfsync no} here.
     */
    public Builder redisSettings(String... lines) {
      redisSettings.addAll(List.of(lines));
      return this;
    }

    /** Extra postgresql.conf lines for every PostgreSQL node, after the defaults. */
    public Builder postgresSettings(String... lines) {
      postgresSettings.addAll(List.of(lines));
      return this;
    }

    /**
     * The folder of the PostgreSQL programs every node runs (initdb, pg_ctl and postgres at
     * least; {@link PostgresVersions#binaries} fetches one); by default the newest installed
     * version's. Without pg_basebackup standbys are made by a low-level base backup, and without
     * pg_rewind a node rejoins by a fresh copy.
     */
    public Builder postgresPrograms(Path folder) {
      this.postgresPrograms = folder;
      return this;
    }

    /** The folder of the redis-server every Redis node and sentinel runs; by default the one on PATH. */
    public Builder redisPrograms(Path folder) {
      this.redisPrograms = folder;
      return this;
    }

    /**
     * Preloads faultline's disk-stall library into every node's server, so that the environment
     * offers {@link DiskStall} (the {@code disk-stall} fault). The library is built with gcc on
     * first use ({@link PreloadLibraries}); without this, servers run exactly as installed.
     */
    public Builder diskStall(boolean on) {
      this.diskStall = on;
      return this;
    }

    /**
     * Preloads faultline's clock-offset library into every node's server, so that the environment
     * offers {@link ClockControl} (the {@code clock-skew} and {@code clock-jump} faults). Built like
     * the disk-stall library; without this, servers read the machine's clock as installed.
     */
    public Builder clockControl(boolean on) {
      this.clockControl = on;
      return this;
    }

    /** How long one node may take to answer after its process starts. */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Cleans what killed runs left, then starts the topology and waits until it is whole
     * (replicas streaming, sentinels agreeing, cluster slots covered). On any failure, whatever
     * had started is stopped before the exception leaves.
     */
    public LocalEnvironment start() {
      if (runDirectory == null) throw new IllegalArgumentException("a run directory is required");
      if (topology.isExternal()) throw new IllegalArgumentException(topology + " is not started by faultline: see ExternalEnvironment");
      RunRegistry.sweep();
      // Built before anything starts: a missing gcc is one line, with nothing to tear down.
      diskStallLibrary = diskStall ? PreloadLibraries.diskStall() : null;
      clockOffsetLibrary = clockControl ? PreloadLibraries.clockOffset() : null;
      for (Path library : new Path[] {diskStallLibrary, clockOffsetLibrary}) {
        if (library != null && PostgresUser.weAreRoot() && !topology.isRedis()) {
          Directories.requireOpenToOthers(library.getParent(), "PostgreSQL's user must load faultline's preload libraries from "
              + library.getParent() + "; set -D" + PreloadLibraries.CACHE_PROPERTY + "=DIR to a folder open to others");
        }
      }
      if (postgresPrograms != null && !topology.isRedis()) {
        for (String program : List.of("initdb", "pg_ctl", "postgres")) Binaries.postgres(program, postgresPrograms);
        if (PostgresUser.weAreRoot()) {
          Directories.requireOpenToOthers(postgresPrograms, "PostgreSQL's user must run the programs in " + postgresPrograms);
        }
      }
      block = AddressBlock.take();
      LocalEnvironment env;
      try {
        env = new LocalEnvironment(this);
      } catch (RuntimeException | Error e) {
        block.close();
        throw e;
      }
      try {
        env.toxiproxy = ToxiproxyServer.start(env.block.proxyHost(), env.runDirectory.resolve("toxiproxy.log"), env.runDirectory, startTimeout);
        env.registry.processStarted("toxiproxy", env.toxiproxy.process());
        env.teardown.push(env.toxiproxy::stop);
        // Partitions on shared peer links put drop rules in a chain named after this Toxiproxy;
        // a nemesis heal removes it, and so does closing, whatever the nemesis did or did not do.
        String chain = FilterChains.nameFor(env.toxiproxy.api());
        env.teardown.push(() -> new FilterChains(Iptables.system()).remove(chain));
        env.deployment = new Deployment(topology,
            new Deployment.Settings(replication, redisSettings, postgresSettings, startTimeout, env.credentials, env.runDirectory),
            env.new MachineHosts(), env.toxiproxy.client(), env.toxiproxy.api().host(), env::added);
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

  // ---- what the local environment supplies to its deployment

  /**
   * This machine as each node's host: a {@link LocalHost} at the block's next node address, with
   * the run folder as its own and its processes recorded for the sweep; a port there is the
   * conventional one, so that {@code redis-cli -h 127.0.0.11} just works, unless some other program
   * holds it there (then one the system picks). The addresses are this environment's alone while
   * it lasts ({@link AddressBlock}), so a node that a nemesis killed finds its port free when it restarts.
   */
  private final class MachineHosts implements Hosts {
    @Override
    public Host hostFor(String name, int index) {
      LocalHost host = new LocalHost(name, block.nodeHost(index), runDirectory, registry::processStarted);
      // Closed after its node is retired (pushed before it): nothing for a local host, a session for others.
      teardown.push(host::close);
      return host;
    }

    @Override
    public Endpoint port(Host host, int conventional) {
      return Ports.free(host.address(), conventional);
    }

    @Override
    public Programs redis(Host host) {
      return LocalPrograms.redis(redisPrograms);
    }

    @Override
    public Programs postgres(Host host) {
      return LocalPrograms.postgres(postgresPrograms);
    }
  }

  /**
   * A node as the deployment adds it: the preload libraries the run asked for, its data recorded
   * (before it exists: a run killed while it is made leaves nothing the sweep misses) and deleted
   * at the end, and the node stopped before that.
   */
  private void added(ServerNode node) {
    if (diskStall != null) preload(node, diskStall.preloadFor(node));
    if (clockControl != null) preload(node, clockControl.preloadFor(node));
    registry.dataDirectory(node.dataDirectory());
    dataDirectories.add(node.dataDirectory());
    // Runs before deleteData, pushed earlier: a process dies before its data is deleted, and
    // stays dead: a heal running beside the teardown (an exit hook's) cannot start it again.
    teardown.push(node::retire);
  }

  private static void preload(ServerNode node, PreloadLibrary library) {
    node.preload(library.library(), library.environment());
  }

  /**
   * Deletes every node's data, side by side: freshly written files (a base backup) can take a
   * second each to unlink on a slow disk, and the nodes' deletions do not depend on each other.
   */
  private void deleteData() throws Exception {
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> deletions = dataDirectories.stream()
          .<Future<?>>map(d -> pool.submit(() -> Directories.deleteRecursively(d)))
          .toList();
      for (var deletion : deletions) deletion.get();
    }
    dataDeleted = true;
  }

  /** The node whose peer link (its announced address) is {@code announced}. */
  Optional<Node> nodeAnnouncedAt(Endpoint announced) {
    return deployment.nodeAnnouncedAt(announced);
  }

  /** The loopback addresses of this environment: see {@link AddressBlock}. */
  AddressBlock addresses() {
    return block;
  }

  // ---- Environment

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public Optional<Deployment> deployment() {
    return Optional.ofNullable(deployment);
  }

  /** The replication mode the environment was started with (pg-replicated). */
  public Replication replication() {
    return replication;
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public Endpoint toxiproxyApi() {
    return toxiproxy.api();
  }

  @Override
  public ToxiproxyClient toxiproxy() {
    return toxiproxy.client();
  }

  /** The nodes' own capabilities (the deployment's), and this machine's: packet filtering, disk stalls, clock control. */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (!kind().offers(topology, type)) return Optional.empty();
    Optional<T> nodes = deployment.capability(type);
    if (nodes.isPresent()) return nodes;
    Object capability;
    if (type == PacketFiltering.class) capability = new LocalPacketFiltering(this);
    else if (type == DiskStall.class && diskStall != null) capability = diskStall;
    else if (type == ClockControl.class && clockControl != null) capability = clockControl;
    else return Optional.empty();
    return Optional.of(type.cast(capability));
  }

  @Override
  public void close() {
    teardown.closeOnce();
  }

  @Override
  public String toString() {
    return topology + " in " + runDirectory;
  }
}
