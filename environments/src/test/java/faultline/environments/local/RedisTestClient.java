package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.DnsResolver;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Lettuce, set up as a workload would: addresses that servers hand out (Sentinel answers, Cluster
 * redirects) are mapped to client proxies through {@link Environment#clientRoute(Endpoint)}.
 */
final class RedisTestClient implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final RedisClient client;
  private final char[] password;

  RedisTestClient(Environment env) {
    this.password = env.credentials().passwordChars();
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .socketAddressResolver(MappingSocketAddressResolver.create(DnsResolver.unresolved(), advertised -> {
          Endpoint route = env.clientRoute(new Endpoint(advertised.getHostText(), advertised.getPort()));
          return HostAndPort.of(route.host(), route.port());
        }))
        .build();
    this.client = RedisClient.create(resources);
  }

  ClientResources resources() {
    return resources;
  }

  /** Runs {@code work} on a fresh connection to {@code endpoint}. */
  <T> T on(Endpoint endpoint, Function<RedisCommands<String, String>, T> work) {
    RedisURI uri = RedisURI.builder().withHost(endpoint.host()).withPort(endpoint.port()).withPassword(password).withTimeout(TIMEOUT).build();
    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
      return work.apply(connection.sync());
    }
  }

  String get(Endpoint endpoint, String key) {
    return on(endpoint, redis -> redis.get(key));
  }

  void set(Endpoint endpoint, String key, String value) {
    on(endpoint, redis -> redis.set(key, value));
  }

  /** Reads through a connection that serves reads on a replica (cluster replicas need READONLY). */
  String getOnReplica(Endpoint endpoint, String key) {
    return on(endpoint, redis -> {
      redis.readOnly();
      return redis.get(key);
    });
  }

  /** Through the sentinels at {@code sentinel}: what a Sentinel-aware client would write to. */
  RedisURI sentinelUri(Endpoint sentinel, String masterName) {
    return RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), masterName, new String(password))
        .withPassword(password).withTimeout(TIMEOUT).build();
  }

  RedisClient client() {
    return client;
  }

  @Override
  public void close() {
    client.shutdown(0, 2, TimeUnit.SECONDS);
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
