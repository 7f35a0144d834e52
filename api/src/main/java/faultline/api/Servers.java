package faultline.api;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Node;
import faultline.environments.local.LocalEnvironment;
import faultline.results.RunFolder;
import faultline.workloads.Targets;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.function.Supplier;

/**
 * Servers of one topology, started on this machine and kept for several tests (the JUnit
 * extension's per-class servers, or plans checked against real servers): each test then starts
 * on empty servers (Redis flushed, PostgreSQL's {@code public} schema dropped and made again).
 * Closing them stops every process and proxy. A test given no servers starts its own and stops
 * them when it ends.
 *
 * <p>Servers kept so are started without the disk-stall and clock libraries: the faults {@code
 * disk-stall} and {@code clock-*} need servers of their own.
 */
public final class Servers implements AutoCloseable {
  private final Environment env;
  private final Endpoints endpoints;

  private Servers(Environment env) {
    this.env = env;
    this.endpoints = endpoints(env, Topology.valueOf(env.topology().name()), 16);
  }

  /**
   * Starts servers of {@code topology}; their configurations and logs go to a folder of the store
   * (see {@link TestBuilder#store}), named {@code servers-TOPOLOGY}.
   *
   * @param topology what to start
   * @return the running servers
   * @throws FaultlineException when they cannot be started (a server program missing, say)
   */
  public static Servers start(Topology topology) {
    return start(topology, TestBuilder.defaultStore());
  }

  /**
   * Starts servers of {@code topology}, their folder under {@code store}.
   *
   * @param topology what to start
   * @param store where run folders go
   * @return the running servers
   * @throws FaultlineException when they cannot be started
   */
  public static Servers start(Topology topology, Path store) {
    if (topology == null) throw new FaultlineException("no topology: say which servers to start, e.g. Topology.REDIS_SINGLE");
    try {
      RunFolder folder = RunFolder.create(store, "servers-" + topology.id(), LocalDateTime.now());
      return new Servers(startEnvironment(topology, folder.nodes(), false, false));
    } catch (IOException e) {
      throw new FaultlineException("cannot make a folder for the servers under " + store + ": " + e.getMessage(), e);
    }
  }

  static Environment startEnvironment(Topology topology, Path nodes, boolean diskStall, boolean clockControl) {
    try {
      return LocalEnvironment.builder(topology.internal()).runDirectory(nodes).diskStall(diskStall).clockControl(clockControl).start();
    } catch (EnvironmentUnavailableException e) {
      throw new FaultlineException("cannot start " + topology + ": " + e.getMessage(), e);
    }
  }

  static Endpoints endpoints(Environment env, Topology topology, int concurrency) {
    Targets targets;
    try {
      targets = Targets.of(env);
    } catch (IllegalStateException e) {
      throw new FaultlineException(e.getMessage(), e);
    }
    Endpoint start = targets.primary();
    // With sentinels, where they say the primary is now, as a Sentinel-aware client would ask.
    Supplier<Endpoint> now = topology != Topology.REDIS_SENTINEL ? () -> start : () -> {
      try {
        return env.primary().map(env::clientEndpoint).orElse(start);
      } catch (RuntimeException e) {
        return start;
      }
    };
    return new Endpoints(topology, start, now, targets.replicas(), targets.cache(), env.credentials(), concurrency);
  }

  /**
   * The servers' topology.
   *
   * @return the topology
   */
  public Topology topology() {
    return Topology.valueOf(env.topology().name());
  }

  /**
   * Where clients connect, through the proxies; its DataSource lives as long as the servers.
   *
   * @return the endpoints
   */
  public Endpoints endpoints() {
    return endpoints;
  }

  Environment environment() {
    return env;
  }

  /** Empties the servers for the next test: every Redis primary flushed, PostgreSQL's public schema made anew. */
  void clear() {
    for (Node n : env.primaries()) {
      // A topology of both databases names its Redis node (the cache).
      if (env.topology().isRedis() || env.topology().cache().filter(n.name()::equals).isPresent()) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> c = client.connect(RedisURI.builder().withHost(n.address().host())
            .withPort(n.address().port()).withPassword(env.credentials().passwordChars()).withTimeout(Endpoints.COMMAND_TIMEOUT.multipliedBy(5)).build())) {
          c.sync().flushall();
        } finally {
          client.shutdown();
        }
      } else {
        String url = n.address().jdbcUrl("postgres");
        try (Connection c = DriverManager.getConnection(url, env.credentials().user(), env.credentials().password());
            Statement s = c.createStatement()) {
          s.execute("DROP SCHEMA public CASCADE");
          s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
          throw new FaultlineException("cannot empty " + n.name() + " for the next test: " + e.getMessage(), e);
        }
      }
    }
  }

  /** Stops every server and proxy. */
  @Override
  public void close() {
    try {
      endpoints.close();
    } finally {
      env.close();
    }
  }

  @Override
  public String toString() {
    return endpoints.toString();
  }
}
