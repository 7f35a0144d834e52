package faultline.environments.ssh;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.PacketFiltering;
import faultline.environments.Replication;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.host.Execution;
import faultline.environments.host.HostException;
import faultline.environments.local.ControlToxiproxy;
import faultline.environments.local.Teardown;
import faultline.environments.nodes.DeployedEnvironment;
import faultline.environments.nodes.Deployment;
import faultline.environments.nodes.PostgresNode;
import faultline.environments.nodes.ServerNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@code ssh} environment: a topology's nodes on the hosts of an {@link Inventory}, started
 * over SSH from Debian's packages with the same configuration as a local run's, Toxiproxy on this
 * machine in front of the clients only. Peers reach each other directly between the hosts, so a
 * partition or a failover's isolation is iptables on the hosts ({@link SshPacketFiltering}); kills
 * and pauses are signals through the hosts.
 *
 * <pre>{@code
 * try (Environment env = SshEnvironment.builder(Inventory.read(file)).runDirectory(dir).start()) { ... }
 * }</pre>
 *
 * <p>Every host is connected to and checked before anything starts (a bad one is one line naming
 * it), and so are its programs. Teardown (close, or a shutdown hook) stops every node, fetches each
 * node's files but its data (its log, its tools' logs, its configuration) into the run folder,
 * removes the filter chain and the run's folder on every host, stops Toxiproxy, and closes the
 * sessions. A JVM killed outright leaves the hosts as they were: the next run there finds its
 * folders (and a stray server on their ports) and fails saying so.
 */
public final class SshEnvironment implements DeployedEnvironment {
  private final Topology topology;
  private final Inventory inventory;
  private final Path runDirectory;
  private final Credentials credentials;
  private final Teardown teardown = new Teardown();
  private final List<ServerNode> added = new CopyOnWriteArrayList<>();
  private List<SshHost> hosts = List.of();
  private Set<String> networks = Set.of();
  private ControlToxiproxy toxiproxy;
  private SshPacketFiltering filtering;
  private Deployment deployment;

  private SshEnvironment(Topology topology, Inventory inventory, Path runDirectory) {
    this.topology = topology;
    this.inventory = inventory;
    this.runDirectory = runDirectory;
    this.credentials = Credentials.generate(runDirectory, topology.isRedis() ? "default" : PostgresNode.USER);
    teardown.atExit(this::toString);
  }

  public static Builder builder(Inventory inventory) {
    return new Builder(inventory);
  }

  /** Options of an ssh environment, as a local one's; {@link #start()} returns it running. */
  public static final class Builder {
    private final Inventory inventory;
    private Topology topology;
    private Path runDirectory;
    private Replication replication = Replication.ASYNC;
    private Duration startTimeout = Duration.ofSeconds(30);
    private final List<String> redisSettings = new ArrayList<>();
    private final List<String> postgresSettings = new ArrayList<>();

    private Builder(Inventory inventory) {
      this.inventory = inventory;
      this.topology = inventory.topology();
    }

    /** The topology the run needs: the inventory's own, else an IllegalArgumentException at {@link #start()}. */
    public Builder topology(Topology topology) {
      this.topology = topology;
      return this;
    }

    /** Where the nodes' files are gathered at the end (and the password, Toxiproxy's log, known_hosts) (required). */
    public Builder runDirectory(Path dir) {
      this.runDirectory = dir;
      return this;
    }

    public Builder replication(Replication replication) {
      this.replication = replication;
      return this;
    }

    /** Extra redis.conf lines for every Redis data node, after the defaults. */
    public Builder redisSettings(String... lines) {
      redisSettings.addAll(List.of(lines));
      return this;
    }

    /** Extra postgresql.conf lines for every PostgreSQL node, after the defaults. */
    public Builder postgresSettings(String... lines) {
      postgresSettings.addAll(List.of(lines));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Connects to and checks every host (login, sudo, programs), then starts the topology on
     * them and waits until it is whole. An inventory that does not fit is an
     * IllegalArgumentException (bad usage), a host that cannot be used a {@link HostException}
     * naming it, both before any server starts; on any later failure whatever started is stopped
     * and removed before the exception leaves.
     */
    public SshEnvironment start() {
      if (runDirectory == null) throw new IllegalArgumentException("a run directory is required");
      if (topology != inventory.topology()) {
        throw new IllegalArgumentException("inventory " + inventory.file() + " lays " + inventory.topology().id()
            + ", not " + topology.id() + ": write one whose \"topology\" is " + topology.id());
      }
      requireDataHosts(inventory, topology);
      try {
        Files.createDirectories(runDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make the run folder " + runDirectory, e);
      }
      SshEnvironment env = new SshEnvironment(topology, inventory, runDirectory.toAbsolutePath());
      try {
        env.hosts = inventory.connect(env.runDirectory);
        // Closed last of all: every other step needs the sessions.
        env.teardown.push(() -> env.hosts.forEach(SshHost::close));
        InventoryHosts placed = InventoryHosts.of(inventory, topology, env.hosts);
        env.requirePrograms(placed.used());
        if (!topology.isRedis()) env.networks = env.networksOf(placed.used());
        // From here on the hosts hold the run's files: removed whatever happens.
        env.teardown.push(() -> env.removeRunFolders());
        env.toxiproxy = ControlToxiproxy.start(env.runDirectory, startTimeout);
        env.teardown.push(env.toxiproxy::close);
        env.filtering = new SshPacketFiltering(chainName(env.toxiproxy.api()), topology, placed.used());
        env.teardown.push(() -> env.filtering.clear());
        // Runs after every node is retired (those steps are pushed later, as nodes are added).
        env.teardown.push(env::fetchNodeFiles);
        env.deployment = new Deployment(topology,
            new Deployment.Settings(replication, redisSettings, postgresSettings, startTimeout, env.credentials, env.runDirectory),
            placed, env.toxiproxy.client(), env.toxiproxy.api().host(), env::added, false);
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

  /** Too few hosts that may carry data is the inventory's fault, told before connecting to any. */
  private static void requireDataHosts(Inventory inventory, Topology topology) {
    long data = inventory.hosts().stream().filter(h -> h.roles().isEmpty() || h.roles().contains("primary")
        || h.roles().contains("replica")).count();
    if (data < topology.dataNodes()) {
      throw new IllegalArgumentException("inventory " + inventory.file() + ": topology " + topology.id() + " needs "
          + topology.dataNodes() + " hosts for data (roles primary, replica, or none), the inventory has " + data);
    }
  }

  /** A chain name of at most 28 characters that says whose it is: this JVM and its Toxiproxy's port. */
  static String chainName(Endpoint toxiproxyApi) {
    return "FAULTLINE-" + ProcessHandle.current().pid() + "-s" + toxiproxyApi.port();
  }

  /** The servers' programs on every host that carries a node, asked before any starts. */
  private void requirePrograms(List<SshHost> used) {
    onEach(used, host -> {
      if (topology.runsRedis()) DebianPrograms.redis(host).path("redis-server");
      if (!topology.isRedis()) {
        var pg = DebianPrograms.postgres(host);
        for (String program : List.of("initdb", "pg_ctl", "postgres")) pg.path(program);
      }
      return null;
    });
  }

  /**
   * What PostgreSQL must accept besides loopback: every host's address (peers, replicas) and this
   * machine's address as each host sees it (Toxiproxy's connections), from sshd's SSH_CONNECTION.
   */
  private Set<String> networksOf(List<SshHost> used) {
    Set<String> networks = new LinkedHashSet<>();
    for (SshHost host : used) networks.add(host.address());
    networks.addAll(onEach(used, host -> {
      Execution e = host.run(List.of("sh", "-c", "echo \"$SSH_CONNECTION\""), Optional.empty(), Duration.ofSeconds(10));
      String[] fields = e.output().strip().split("\\s+");
      if (!e.succeeded() || fields.length < 1 || fields[0].isEmpty()) {
        throw new HostException(host, "cannot tell this machine's address as the host sees it (SSH_CONNECTION is empty)");
      }
      return fields[0];
    }));
    return networks;
  }

  /** Runs {@code step} on every host at once; the first failure, in the hosts' order, is thrown. */
  private static <T> List<T> onEach(List<SshHost> hosts, java.util.function.Function<SshHost, T> step) {
    List<Future<T>> running = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SshHost host : hosts) running.add(pool.submit(() -> step.apply(host)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> r : running) {
      try {
        results.add(r.get());
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) throw runtime;
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EnvironmentUnavailableException("interrupted while asking the hosts");
      }
    }
    return results;
  }

  /** A node as the deployment adds it: PostgreSQL told the hosts' networks; stopped first at the end. */
  private void added(ServerNode node) {
    if (node instanceof PostgresNode pg) networks.forEach(pg::acceptFrom);
    added.add(node);
    teardown.push(node::retire);
  }

  /**
   * Each node's files but its data, from its host into the run folder's folder of its name: its
   * log, its tools' logs, its configuration. A host that cannot give them fails the step; the others still give theirs.
   */
  private void fetchNodeFiles() {
    List<String> failures = new ArrayList<>();
    for (ServerNode node : added) {
      SshHost host = (SshHost) node.host();
      Path target = runDirectory.resolve(node.name());
      try {
        Execution listed = host.run(List.of("find", node.directory().toString(), "-maxdepth", "1", "-type", "f"),
            Optional.of("root"), Duration.ofSeconds(30));
        if (!listed.succeeded()) {
          failures.add(node.name() + ": cannot list " + node.directory());
          continue;
        }
        for (String file : listed.output().lines().map(String::strip).filter(l -> l.startsWith("/")).toList()) {
          Path path = Path.of(file);
          host.fetch(path, target.resolve(path.getFileName().toString()));
        }
      } catch (RuntimeException e) {
        failures.add(node.name() + ": " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) throw new IllegalStateException("could not fetch the nodes' files: " + String.join("; ", failures));
  }

  /** The run's folder on every host, with the nodes' data, configuration and logs (fetched first). */
  private void removeRunFolders() {
    onEach(hosts, host -> {
      Execution removed = host.run(List.of("rm", "-rf", "--", host.runFolder().toString()), Optional.of("root"), Duration.ofSeconds(60));
      if (!removed.succeeded()) throw new HostException(host, "cannot remove " + host.runFolder() + ": " + removed.tail(1));
      return null;
    });
  }

  // ---- Environment

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public EnvironmentKind kind() {
    return EnvironmentKind.SSH;
  }

  /** The inventory's hosts, as test.json records them: name, address, roles. */
  public Inventory inventory() {
    return inventory;
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
  public Endpoint toxiproxyApi() {
    return toxiproxy.api();
  }

  @Override
  public ToxiproxyClient toxiproxy() {
    return toxiproxy.client();
  }

  /** The nodes' own capabilities, and packet filtering on the hosts. */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    if (!kind().offers(topology, type)) return Optional.empty();
    Optional<T> nodes = deployment.capability(type);
    if (nodes.isPresent()) return nodes;
    if (type == PacketFiltering.class && filtering != null) return Optional.of(type.cast(filtering));
    return Optional.empty();
  }

  @Override
  public void close() {
    teardown.closeOnce();
  }

  @Override
  public String toString() {
    return topology + " on " + hosts.size() + " ssh host(s) of " + inventory.file() + ", run folder " + runDirectory;
  }

  /** For messages: the roles as the inventory spells them. */
  static String roleName(Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
