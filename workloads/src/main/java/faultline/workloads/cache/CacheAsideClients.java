package faultline.workloads.cache;

import faultline.environments.Endpoint;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.Targets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens each process's pair of connections: one JDBC connection to the PostgreSQL primary
 * (autocommit: every statement is its own transaction, as an application's repository does it)
 * and one Lettuce connection to the Redis cache, both through their client proxies, both with
 * the op timeout, so that an answer that does not come ends the op {@code info}.
 */
final class CacheAsideClients implements ClientFactory {
  static final String TABLE = "cache_aside";

  private final CacheAsideVariant variant;
  private final Targets targets;
  private final ClientOptions options;
  private final Endpoint cache;
  private final ClientResources resources;
  private final RedisClient lettuce;

  CacheAsideClients(CacheAsideVariant variant, Targets targets, ClientOptions options) {
    this.variant = variant;
    this.targets = targets;
    this.options = options;
    this.cache = targets.cache().orElseThrow(() -> new IllegalArgumentException(
        variant.id() + " needs a Redis cache beside PostgreSQL: run it on the cache-aside topology"));
    this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    this.lettuce = RedisClient.create(resources);
    lettuce.setOptions(io.lettuce.core.ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(options.connectTimeout()).build())
        .build());
  }

  @Override
  public void setup() throws SQLException {
    try (Connection c = database(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (key text PRIMARY KEY, value bigint NOT NULL, version bigint NOT NULL)");
    }
    try (StatefulRedisConnection<String, String> c = cache()) {
      c.sync().ping();
    }
  }

  @Override
  public Client open() throws SQLException {
    Connection db = database();
    try {
      return new CacheAsideClient(variant, db, cache());
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private Connection database() throws SQLException {
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

  private StatefulRedisConnection<String, String> cache() {
    return lettuce.connect(RedisURI.builder().withHost(cache.host()).withPort(cache.port())
        .withPassword(targets.credentials().passwordChars()).withTimeout(options.opTimeout()).build());
  }

  @Override
  public void close() {
    lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown();
  }
}
