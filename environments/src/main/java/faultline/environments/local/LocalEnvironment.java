package faultline.environments.local;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.Polling;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Replication;
import faultline.environments.Role;
import faultline.environments.Topology;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
public final class LocalEnvironment implements Environment {
  public static final String SENTINEL_MASTER_NAME = "faultline";

  private final Topology topology;
  private final Path runDirectory;
  private final Replication replication;
  private final Duration startTimeout;
  private final List<String> redisSettings;
  private final List<String> postgresSettings;
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
  private final LocalProcesses processes = new LocalProcesses();
  private final List<ServerNode> nodes = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final List<Path> dataDirectories = new CopyOnWriteArrayList<>();
  private ToxiproxyServer toxiproxy;

  private LocalEnvironment(Builder builder) {
    this.topology = builder.topology;
    this.runDirectory = Directories.create(builder.runDirectory.toAbsolutePath());
    if (PostgresUser.weAreRoot() && !topology.isRedis()) {
      // PostgreSQL's user must be able to walk down to its data, through our run folder.
      Directories.requireOpenToOthers(runDirectory.getParent());
      Directories.openToOthers(runDirectory);
    }
    this.replication = builder.replication;
    this.startTimeout = builder.startTimeout;
    this.redisSettings = List.copyOf(builder.redisSettings);
    this.postgresSettings = List.copyOf(builder.postgresSettings);
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
        switch (topology) {
          case REDIS_SINGLE -> RedisTopologies.single(env);
          case REDIS_REPLICATED -> RedisTopologies.replicated(env);
          case REDIS_SENTINEL -> RedisSentinelTopology.assemble(env);
          case REDIS_CLUSTER -> RedisClusterTopology.assemble(env);
          case PG_SINGLE -> PostgresTopologies.single(env);
          case PG_REPLICATED -> PostgresTopologies.replicated(env, replication);
          case CACHE_ASIDE -> CacheAsideTopology.assemble(env);
        }
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

  // ---- assembly, for the topology classes of this package

  Duration startTimeout() {
    return startTimeout;
  }

  /**
   * A port for a node on {@code host}: the conventional one, so that {@code redis-cli -h
   * 127.0.0.11} just works, unless some other program holds it there (then one the system picks).
   * The host is in this environment's {@link AddressBlock}, which no other faultline run uses
   * while this one lasts, so a node that a nemesis killed finds its port free when it restarts.
   */
  Endpoint nodePort(String host, int conventional) {
    return Ports.free(host, conventional);
  }

  /** The loopback addresses of this environment: see {@link AddressBlock}. */
  AddressBlock addresses() {
    return block;
  }

  /** The next node's host: this machine at the block's next node address, its processes recorded for the sweep. */
  private LocalHost nextHost(String name) {
    return new LocalHost(name, block.nodeHost(nodes.size()), runDirectory, registry::processStarted);
  }

  RedisNode addRedisNode(String name, Role role, int conventionalPort) {
    LocalHost host = nextHost(name);
    RedisNode node = new RedisNode(name, role, nodePort(host.address(), conventionalPort), host,
        LocalPrograms.redis(redisPrograms), startTimeout);
    node.requirePassword(credentials);
    if (role != Role.SENTINEL) node.configure(redisSettings.toArray(String[]::new));
    return register(node, node::dataDirectory);
  }

  PostgresNode addPostgresNode(String name, Role role) {
    LocalHost host = nextHost(name);
    PostgresNode node = new PostgresNode(name, role, nodePort(host.address(), 5432), host,
        LocalPrograms.postgres(postgresPrograms), startTimeout);
    node.requirePassword(credentials);
    node.configureLast(postgresSettings);
    return register(node, node::dataDirectory);
  }

  private <N extends ServerNode> N register(N node, Supplier<Path> data) {
    nodes.add(node);
    for (PreloadLibrary library : preloads(node)) node.preload(library.library(), library.environment());
    // Recorded before it exists: a run killed while it is made leaves nothing the sweep misses.
    registry.dataDirectory(data.get());
    dataDirectories.add(data.get());
    // Runs before deleteData, pushed earlier: a process dies before its data is deleted, and
    // stays dead: a heal running beside the teardown (an exit hook's) cannot start it again.
    teardown.push(node::retire);
    return node;
  }

  private List<PreloadLibrary> preloads(Node node) {
    List<PreloadLibrary> libraries = new ArrayList<>();
    if (diskStall != null) libraries.add(diskStall.preloadFor(node));
    if (clockControl != null) libraries.add(clockControl.preloadFor(node));
    return libraries;
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

  /** A proxy from {@code from} to {@code to}'s server port. */
  Link addLink(String from, ServerNode to, Link.Kind kind) {
    return addLink(from, to, kind, to.address());
  }

  /** A proxy from {@code from} to {@code upstream}, a port of {@code to} (e.g. its cluster bus). */
  Link addLink(String from, ServerNode to, Link.Kind kind, Endpoint upstream) {
    String name = switch (kind) {
      case CLIENT -> "clients_to_" + to.name();
      case PEER -> "peers_to_" + to.name();
      case REPLICATION -> from + "_to_" + to.name();
      case CLUSTER_BUS -> "bus_to_" + to.name();
    };
    var proxy = toxiproxy.createProxy(name, upstream);
    Link link = new Link(from, to, kind, Endpoint.parse(proxy.getListen()), proxy);
    links.add(link);
    return link;
  }

  Link linkOf(Link.Kind kind, Node to) {
    return links.stream().filter(l -> l.kind() == kind && l.to().equals(to)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + kind + " link to " + to.name()));
  }

  /** Waits for a condition of the topology as a whole, failing with a message naming it. */
  void await(String what, BooleanSupplier condition) {
    if (!Polling.until(startTimeout, condition)) {
      throw new EnvironmentUnavailableException(
          topology + " did not become ready within " + startTimeout.toSeconds() + " s: " + what
              + "; logs in " + runDirectory);
    }
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

  /** The replication mode the environment was started with (pg-replicated). */
  public Replication replication() {
    return replication;
  }

  @Override
  public List<Node> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(nodes));
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public List<Link> links() {
    return Collections.unmodifiableList(links);
  }

  @Override
  public Endpoint clientEndpoint(Node node) {
    return linkOf(Link.Kind.CLIENT, node).listen();
  }

  @Override
  public Endpoint clientRoute(Endpoint advertised) {
    Map<Endpoint, Endpoint> routes = new HashMap<>();
    for (Link link : links) {
      if (link.kind() == Link.Kind.PEER) routes.put(link.listen(), clientEndpoint(link.to()));
    }
    for (ServerNode node : nodes) routes.put(node.address(), clientEndpoint(node));
    return routes.getOrDefault(advertised, advertised);
  }

  @Override
  public Endpoint toxiproxyApi() {
    return toxiproxy.api();
  }

  @Override
  public ToxiproxyClient toxiproxy() {
    return toxiproxy.client();
  }

  @Override
  public List<Node> primaries() {
    List<Node> primaries = new ArrayList<>();
    for (ServerNode node : nodes) {
      if (!node.isRunning()) continue;
      if (node instanceof PostgresNode pg && pg.isPrimary()) primaries.add(node);
      if (node instanceof RedisNode redis && node.role() != Role.SENTINEL && "master".equals(redis.replicationRole())) {
        primaries.add(node);
      }
    }
    return primaries;
  }

  @Override
  public Optional<Node> primary() {
    if (topology == Topology.REDIS_CLUSTER) return Optional.empty();
    if (topology == Topology.REDIS_SENTINEL) return primaryBySentinels();
    // The truth's node: the cache is no primary of anything.
    if (topology.cache().isPresent()) return primaries().stream().filter(PostgresNode.class::isInstance).findFirst();
    List<Node> primaries = primaries();
    return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
  }

  /** What a majority of the sentinels answer, as a client asking them would learn. */
  private Optional<Node> primaryBySentinels() {
    Map<Endpoint, Integer> votes = new HashMap<>();
    List<ServerNode> sentinels = nodes.stream().filter(n -> n.role() == Role.SENTINEL).toList();
    for (ServerNode sentinel : sentinels) {
      if (!sentinel.isRunning()) continue;
      try {
        Object reply = Resp.call(sentinel.address(), credentials, "SENTINEL", "get-master-addr-by-name", SENTINEL_MASTER_NAME);
        if (reply instanceof List<?> hostPort && hostPort.size() == 2) {
          votes.merge(new Endpoint(hostPort.get(0).toString(), Integer.parseInt(hostPort.get(1).toString())), 1, Integer::sum);
        }
      } catch (IOException e) {
        // a paused or killed sentinel has no vote
      }
    }
    return votes.entrySet().stream()
        .filter(v -> v.getValue() > sentinels.size() / 2)
        .map(v -> nodeAnnouncedAt(v.getKey()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The node whose peer link (its announced address) is {@code announced}. */
  Optional<Node> nodeAnnouncedAt(Endpoint announced) {
    return links.stream()
        .filter(l -> l.kind() == Link.Kind.PEER && l.listen().equals(announced))
        .map(Link::to)
        .findFirst();
  }

  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (!topology.offers(type)) return Optional.empty();
    Object capability;
    if (type == ProcessControl.class) capability = processes;
    else if (type == PostgresReplication.class) capability = new LocalPostgresReplication(this);
    else if (type == RedisFailover.class) capability = new LocalRedisFailover(topology.redisFailover().orElseThrow(), credentials);
    else if (type == PacketFiltering.class) capability = new LocalPacketFiltering(this);
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
