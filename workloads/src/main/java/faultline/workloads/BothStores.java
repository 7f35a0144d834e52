package faultline.workloads;

import faultline.environments.Endpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The connections of clients that use both stores of a topology that has both ({@code
 * cache-aside}): each process's own JDBC connection to the PostgreSQL primary (autocommit: every
 * statement its own transaction, as an application's repository does it) and its own Lettuce
 * connection to the Redis node ({@link Targets#cache()}), both through their client proxies, both
 * with the op timeout, so that an answer that does not come ends the op {@code info}. Neither
 * reconnects by itself: a process whose connection broke retires, and its successor opens new ones.
 */
public final class BothStores implements AutoCloseable {
  private final Targets targets;
  private final ClientOptions options;
  private final Endpoint redis;
  private final ClientResources resources;
  private final RedisClient lettuce;

  /** An IllegalArgumentException naming {@code client} when the topology has no Redis node beside PostgreSQL. */
  public BothStores(String client, Targets targets, ClientOptions options) {
    this.targets = targets;
    this.options = options;
    this.redis = targets.cache().orElseThrow(() -> new IllegalArgumentException(
        client + " needs a Redis node beside PostgreSQL: run it on the cache-aside topology"));
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.lettuce = RedisClient.create(resources);
    lettuce.setOptions(io.lettuce.core.ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
        .build());
  }

  /** A new connection to the PostgreSQL primary, in autocommit. */
  public Connection database() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", targets.credentials().user());
    props.setProperty("password", targets.credentials().password());
    props.setProperty("connectTimeout", Long.toString(Math.max(1, (options.connectTimeout().toMillis() + 999) / 1000)));
    props.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(targets.primary().jdbcUrl(targets.database()), props);
    try {
      c.setAutoCommit(true);
      c.setNetworkTimeout(Runnable::run, (int) options.opTimeout().toMillis());
      return c;
    } catch (SQLException e) {
      c.close();
      throw e;
    }
  }

  /** A new connection to the Redis node. */
  public StatefulRedisConnection<String, String> redis() {
    return lettuce.connect(RedisURI.builder().withHost(redis.host()).withPort(redis.port())
        .withPassword(targets.credentials().passwordChars()).withTimeout(options.opTimeout()).build());
  }

  /** Both connections of one process, or neither: the first is closed when the second cannot be opened. */
  public Pair open() throws SQLException {
    Connection db = database();
    try {
      return new Pair(db, redis());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** One process's connections to both stores. */
  public record Pair(Connection database, StatefulRedisConnection<String, String> redis) implements AutoCloseable {
    @Override
    public void close() {
      redis.close();
      try {
        database.close();
      } catch (SQLException e) {
        // closing a broken connection: nothing left to release
      }
    }
  }

  @Override
  public void close() {
    lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }
}
