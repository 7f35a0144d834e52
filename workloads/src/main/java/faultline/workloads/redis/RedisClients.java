package faultline.workloads.redis;

import faultline.environments.Endpoint;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ServerIdentity;
import faultline.workloads.Targets;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens Lettuce connections for one Redis variant: to the primary, and when reads go to replicas,
 * to a replica, spread round-robin over the replicas. The WATCH and MULTI variants give every process
 * connections of its own; the others share them (see {@link #sharedConnections()}).
 *
 * <p>Connections never reconnect by themselves: a broken connection makes the ops in flight on it
 * {@code info}, and the next op opens a new one. With sentinels, the primary is where they say it
 * is ({@link SentinelWatch}), and connections follow it when it moves. On a Cluster, each key goes
 * to the node that owns its slot ({@link ClusterRoutes}).
 */
public final class RedisClients implements ClientFactory {
  private final RedisVariant variant;
  private final Targets targets;
  private final ClientOptions options;
  private final ClientResources resources;
  private final RedisClient lettuce;
  private final AtomicInteger opened = new AtomicInteger();
  private final SentinelWatch sentinels;
  private final PrimaryConnection sharedPrimary;
  private final ClusterRoutes sharedCluster;
  private final Map<Integer, StatefulRedisConnection<String, String>> sharedReplicas = new HashMap<>();
  /** What each connection's server said it was when the connection opened (connections compare by identity). */
  private final Map<StatefulRedisConnection<String, String>, ServerIdentity> identities = Collections.synchronizedMap(new WeakHashMap<>());

  public RedisClients(RedisVariant variant, Targets targets, ClientOptions options) {
    if (options.readFrom().usesReplicas() && targets.replicas().isEmpty()) {
      throw new IllegalArgumentException("reads from replicas need a topology with replicas");
    }
    if (options.readFrom().usesReplicas() && (targets.sentinels().isPresent() || targets.cluster().isPresent())) {
      throw new IllegalArgumentException("reads from replicas are not supported with sentinels or a cluster (replicas change with failovers)");
    }
    this.variant = variant;
    this.targets = targets;
    this.options = options;
    // Two event loop threads are plenty for a few dozen connections on a small machine.
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.lettuce = RedisClient.create(resources);
    lettuce.setOptions(io.lettuce.core.ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
        .build());
    try {
      this.sentinels = targets.sentinels().map(s -> new SentinelWatch(lettuce, s, targets.credentials(), options.opTimeout())).orElse(null);
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
    this.sharedPrimary = new PrimaryConnection(this::primary, this::connect);
    this.sharedCluster = targets.cluster().map(seeds -> new ClusterRoutes(seeds, this::connect)).orElse(null);
  }

  /** Where the primary is now: as the sentinels say, or the one primary of the topology. */
  private Endpoint primary() {
    return sentinels != null ? sentinels.primary() : targets.primary();
  }

  StatefulRedisConnection<String, String> connect(Endpoint endpoint) {
    // The synchronous API waits at most the URI's timeout and then throws
    // RedisCommandTimeoutException; a per-command timer (TimeoutOptions) would only add work.
    RedisURI uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port())
        .withPassword(targets.credentials().passwordChars()).withTimeout(options.opTimeout()).build();
    StatefulRedisConnection<String, String> c = lettuce.connect(uri);
    // Who answers, once per connection: a completion names it (the history's node field).
    try {
      identities.put(c, ServerIdentity.ofRedisInfo(c.sync().info("server")));
    } catch (RuntimeException e) {
      c.close();
      throw new RedisConnectionException("connected to " + endpoint + ", but INFO server failed: " + e.getMessage(), e);
    }
    return c;
  }

  @Override
  public void setup() {
    // Redis needs no schema; a PING proves the primary answers before the clock starts.
    try (var connection = connect(primary())) {
      connection.sync().ping();
      if (sharedCluster != null) {
        String state = connection.sync().clusterInfo().lines().filter(l -> l.startsWith("cluster_state:")).findFirst().orElse("");
        if (!state.trim().equals("cluster_state:ok")) throw new IllegalStateException("the cluster is not ready: " + state.trim());
      }
      variant.setup(key -> sharedCluster != null ? sharedCluster.forKey(key).sync() : connection.sync());
    }
  }

  @Override
  public Client open() {
    return variant.client((variant.ownConnections() ? ownConnections() : sharedConnections()).identifiedBy(identities::get));
  }

  /** WATCH and MULTI state belong to a connection, so each process of those variants has its own. */
  private RedisConnections ownConnections() {
    if (sharedCluster != null) {
      ClusterRoutes own = new ClusterRoutes(targets.cluster().orElseThrow(), this::connect);
      return new RedisConnections(own::forKey, own::forKey, options, own::close, own::opFailed);
    }
    int n = opened.getAndIncrement();
    PrimaryConnection primary = new PrimaryConnection(this::primary, this::connect);
    try {
      primary.get(); // connect now: an unreachable primary fails the op without sending it
      int replica = replicaFor(n);
      if (replica < 0) return new RedisConnections(key -> primary.get(), key -> primary.get(), options, primary::close, () -> {});
      StatefulRedisConnection<String, String> reads = connect(targets.replicas().get(replica));
      return new RedisConnections(key -> primary.get(), key -> reads, options, () -> {
        primary.close();
        reads.close();
      }, () -> {});
    } catch (RuntimeException e) {
      primary.close();
      throw e;
    }
  }

  /**
   * The other variants share one connection per node, as Lettuce is meant to be used: its
   * connections are thread-safe and pipeline the commands of every process, which spares a
   * system call or two per op. Sharing keeps the history's meaning: replies are matched to
   * commands in order, so a timed-out command's late reply never reaches another op; a broken
   * connection fails every op in flight ({@code info}), and the next op opens a new one.
   */
  private synchronized RedisConnections sharedConnections() {
    if (sharedCluster != null) return new RedisConnections(sharedCluster::forKey, sharedCluster::forKey, options, () -> {}, sharedCluster::opFailed);
    sharedPrimary.get(); // connect now: an unreachable primary fails the op without sending it
    int replica = replicaFor(opened.getAndIncrement());
    if (replica < 0) return new RedisConnections(key -> sharedPrimary.get(), key -> sharedPrimary.get(), options, () -> {}, () -> {});
    StatefulRedisConnection<String, String> reads = sharedReplicas.get(replica);
    if (reads == null || !reads.isOpen()) {
      reads = connect(targets.replicas().get(replica));
      sharedReplicas.put(replica, reads);
    }
    StatefulRedisConnection<String, String> replicaReads = reads;
    return new RedisConnections(key -> sharedPrimary.get(), key -> replicaReads, options, () -> {}, () -> {});
  }

  /**
   * The replica the {@code n}th process reads from, or -1 for the primary: round-robin over the
   * replicas, or with {@code --read-from any} over the primary and the replicas.
   */
  private int replicaFor(int n) {
    int replicas = targets.replicas().size();
    return switch (options.readFrom()) {
      case PRIMARY -> -1;
      case REPLICA -> n % replicas;
      case ANY -> n % (replicas + 1) - 1;
    };
  }

  @Override
  public void close() {
    synchronized (this) {
      sharedPrimary.close();
      if (sharedCluster != null) sharedCluster.close();
      sharedReplicas.values().forEach(StatefulRedisConnection::close);
    }
    if (sentinels != null) sentinels.close();
    shutdown();
  }

  private void shutdown() {
    lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
