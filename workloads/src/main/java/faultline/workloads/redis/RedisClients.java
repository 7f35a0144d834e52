package faultline.workloads.redis;

import faultline.environments.Endpoint;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.Targets;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens Lettuce connections for one Redis variant: to the primary, and when reads go to replicas,
 * to a replica, spread round-robin over the replicas. The WATCH variant gives every process
 * connections of its own; the others share them (see {@link #sharedConnections()}).
 *
 * <p>Connections never reconnect by themselves: a broken connection makes the op {@code info} and
 * the worker opens a new client for its next process.
 */
public final class RedisClients implements ClientFactory {
  private final RedisVariant variant;
  private final Targets targets;
  private final ClientOptions options;
  private final ClientResources resources;
  private final RedisClient lettuce;
  private final AtomicInteger opened = new AtomicInteger();
  private StatefulRedisConnection<String, String> sharedPrimary;
  private final java.util.Map<Integer, StatefulRedisConnection<String, String>> sharedReplicas = new java.util.HashMap<>();

  public RedisClients(RedisVariant variant, Targets targets, ClientOptions options) {
    if (options.readFrom() == ClientOptions.ReadFrom.REPLICA && targets.replicas().isEmpty()) {
      throw new IllegalArgumentException("reads from replicas need a topology with replicas");
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
  }

  StatefulRedisConnection<String, String> connect(Endpoint endpoint) {
    // The synchronous API waits at most the URI's timeout and then throws
    // RedisCommandTimeoutException; a per-command timer (TimeoutOptions) would only add work.
    RedisURI uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port()).withTimeout(options.opTimeout()).build();
    return lettuce.connect(uri);
  }

  @Override
  public void setup() {
    // Redis needs no schema; a PING proves the primary answers before the clock starts.
    try (var connection = connect(targets.primary())) {
      connection.sync().ping();
    }
  }

  @Override
  public Client open() {
    RedisConnections connections = variant == RedisVariant.WATCH_CAS ? ownConnections() : sharedConnections();
    return switch (variant) {
      case INCRBY, GET_SET -> new RedisCounterClient(connections, variant == RedisVariant.INCRBY);
      case WATCH_CAS, LUA_CAS, GET_SET_REGISTER -> new RedisRegisterClient(connections, variant);
      case SADD -> new RedisSetClient(connections);
    };
  }

  /** WATCH state belongs to a connection, so each process of the WATCH variant has its own. */
  private RedisConnections ownConnections() {
    int n = opened.getAndIncrement();
    StatefulRedisConnection<String, String> primary = connect(targets.primary());
    StatefulRedisConnection<String, String> reads = primary;
    if (options.readFrom() == ClientOptions.ReadFrom.REPLICA) {
      try {
        reads = connect(targets.replicas().get(n % targets.replicas().size()));
      } catch (RuntimeException e) {
        primary.close();
        throw e;
      }
    }
    return new RedisConnections(primary, reads, options, true);
  }

  /**
   * The other variants share one connection per node, as Lettuce is meant to be used: its
   * connections are thread-safe and pipeline the commands of every process, which spares a
   * system call or two per op. Sharing keeps the history's meaning: replies are matched to
   * commands in order, so a timed-out command's late reply never reaches another op; a broken
   * connection fails every op in flight ({@code info}), and the next client opens a new one.
   */
  private synchronized RedisConnections sharedConnections() {
    if (sharedPrimary == null || !sharedPrimary.isOpen()) sharedPrimary = connect(targets.primary());
    if (options.readFrom() == ClientOptions.ReadFrom.PRIMARY) return new RedisConnections(sharedPrimary, sharedPrimary, options, false);
    int replica = opened.getAndIncrement() % targets.replicas().size();
    StatefulRedisConnection<String, String> reads = sharedReplicas.get(replica);
    if (reads == null || !reads.isOpen()) {
      reads = connect(targets.replicas().get(replica));
      sharedReplicas.put(replica, reads);
    }
    return new RedisConnections(sharedPrimary, reads, options, false);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (sharedPrimary != null) sharedPrimary.close();
      sharedReplicas.values().forEach(StatefulRedisConnection::close);
    }
    lettuce.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
