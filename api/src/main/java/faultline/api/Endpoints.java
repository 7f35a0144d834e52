package faultline.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Where your client connects: the servers of the test, each through its Toxiproxy proxy so that
 * the faults apply to your connections, and the password the servers require (random per run).
 * Hand out what your code takes: a host and port, a Lettuce {@link RedisURI}, a JDBC URL or a
 * pooled {@link DataSource}.
 *
 * <p>{@link #host()}, {@link #port()} and {@link #redisUri()} name the primary: on {@link
 * Topology#REDIS_SENTINEL} the one a majority of the sentinels name when they are asked (a client
 * opened after a failover, as a retired process's successor is, goes to the new primary; an open
 * connection stays where it is), elsewhere the primary of the start. The JDBC URL and the
 * DataSource name every node and ask for the one that accepts writes now (pgJDBC's {@code
 * targetServerType=primary}), so they follow a promotion. On a Redis Cluster they are the first
 * node's, as a seed. On {@link Topology#CACHE_ASIDE} the JDBC URL and the DataSource are the
 * PostgreSQL node's (the truth) and {@link #redisUri()} the Redis cache's.
 */
public final class Endpoints {
  /** How long a connection attempt may take: a partition must not hold an operation for long. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
  /** How long a command may wait for its reply before the client gives up (info). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private final Topology topology;
  private final Endpoint primary;
  private final Supplier<Endpoint> primaryNow;
  private final List<Endpoint> others;
  private final Optional<Endpoint> cache;
  private final Credentials credentials;
  private final int poolSize;
  private HikariDataSource pool;

  Endpoints(Topology topology, Endpoint primary, Supplier<Endpoint> primaryNow, List<Endpoint> others, Optional<Endpoint> cache,
            Credentials credentials, int poolSize) {
    this.topology = topology;
    this.primary = primary;
    this.primaryNow = primaryNow;
    this.others = List.copyOf(others);
    this.cache = cache;
    this.credentials = credentials;
    this.poolSize = poolSize;
  }

  /** The endpoints of a check without servers (a plan run in memory): asking for one says so. */
  static Endpoints none() {
    return new Endpoints(null, null, null, List.of(), Optional.empty(), null, 0);
  }

  /**
   * The servers' topology.
   *
   * @return the topology
   */
  public Topology topology() {
    return servers("topology").topology;
  }

  /**
   * The host of the primary's proxy (a loopback address).
   *
   * @return the host
   */
  public String host() {
    return servers("host").primaryNow.get().host();
  }

  /**
   * The port of the primary's proxy.
   *
   * @return the port
   */
  public int port() {
    return servers("port").primaryNow.get().port();
  }

  /**
   * The user to connect as: {@code postgres} for PostgreSQL, {@code default} for Redis.
   *
   * @return the user
   */
  public String user() {
    return servers("user").credentials.user();
  }

  /**
   * The password the servers require (random per run, kept in the run folder's {@code password}).
   *
   * @return the password
   */
  public String password() {
    return servers("password").credentials.password();
  }

  /**
   * The Redis primary as a Lettuce URI, with the password and a 1 s command timeout; on {@link
   * Topology#CACHE_ASIDE}, its Redis cache.
   *
   * @return the URI
   * @throws FaultlineException when the servers are PostgreSQL only
   */
  public RedisURI redisUri() {
    if (!servers("Redis URI").topology.isRedis() && cache.isEmpty()) {
      throw new FaultlineException(topology + " has no Redis endpoint; use jdbcUrl() or dataSource()");
    }
    Endpoint now = cache.orElseGet(primaryNow);
    return RedisURI.builder().withHost(now.host()).withPort(now.port()).withPassword(credentials.passwordChars())
        .withTimeout(COMMAND_TIMEOUT).build();
  }

  /**
   * A JDBC URL for pgJDBC (database {@code postgres}), with a 1 s connect timeout and a 2 s socket
   * timeout; connect with {@link #user()} and {@link #password()}.
   *
   * @return the URL
   * @throws FaultlineException when the servers are Redis
   */
  public String jdbcUrl() {
    if (servers("JDBC URL").topology.isRedis()) throw new FaultlineException(topology + " has no JDBC endpoint; use redisUri()");
    List<Endpoint> nodes = new ArrayList<>(List.of(primary));
    nodes.addAll(others);
    String hosts = String.join(",", nodes.stream().map(Endpoint::toString).toList());
    String url = "jdbc:postgresql://" + hosts + "/postgres?connectTimeout=" + CONNECT_TIMEOUT.toSeconds() + "&socketTimeout=2&tcpKeepAlive=true";
    return nodes.size() > 1 ? url + "&targetServerType=primary&hostRecheckSeconds=1" : url;
  }

  /**
   * A HikariCP pool on {@link #jdbcUrl()}, with the run's credentials, shared by every client of
   * the run and closed when the run ends (do not close it yourself). Connections are in
   * auto-commit mode, as a pool's usually are.
   *
   * @return the pool
   * @throws FaultlineException when the servers are Redis
   */
  public synchronized DataSource dataSource() {
    if (pool == null) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("faultline-api");
      config.setJdbcUrl(jdbcUrl());
      config.setUsername(credentials.user());
      config.setPassword(credentials.password());
      config.setMaximumPoolSize(Math.max(2, poolSize + 2));
      config.setMinimumIdle(0);
      config.setConnectionTimeout(Math.max(250, CONNECT_TIMEOUT.toMillis()));
      config.setInitializationFailTimeout(-1); // the pool starts even while a node is down
      pool = new HikariDataSource(config);
    }
    return pool;
  }

  /** Closes the pool, if one was made. */
  synchronized void close() {
    if (pool != null) pool.close();
    pool = null;
  }

  private Endpoints servers(String what) {
    if (primary == null) throw new FaultlineException("no servers: this check runs in memory, so there is no " + what + " to connect to");
    return this;
  }

  @Override
  public String toString() {
    return primary == null ? "no servers" : topology + " at " + primary + (others.isEmpty() ? "" : " (and " + others + ")");
  }
}
