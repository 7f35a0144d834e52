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
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens Lettuce connections for one Redis variant: one connection per process to the primary
 * (WATCH is per connection, and a retired process must not share a connection with its successor)
 * and, when reads go to replicas, one to a replica, spread round-robin over the replicas.
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
        .timeoutOptions(TimeoutOptions.enabled(options.opTimeout()))
        .build());
  }

  StatefulRedisConnection<String, String> connect(Endpoint endpoint) {
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
    RedisConnections connections = new RedisConnections(primary, reads, options);
    return switch (variant) {
      case INCRBY, GET_SET -> new RedisCounterClient(connections, variant == RedisVariant.INCRBY);
      case WATCH_CAS, LUA_CAS, GET_SET_REGISTER -> new RedisRegisterClient(connections, variant);
      case SADD -> new RedisSetClient(connections);
    };
  }

  @Override
  public void close() {
    lettuce.shutdown(java.time.Duration.ZERO, java.time.Duration.ofSeconds(2));
    resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
  }
}
