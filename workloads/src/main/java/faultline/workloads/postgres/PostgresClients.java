package faultline.workloads.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ServerIdentity;
import faultline.workloads.Targets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JDBC connections from HikariCP pools, one pool for the primary and, when reads go to replicas,
 * one per replica. Each process holds one connection for its life: a retired process's
 * connection is evicted, never handed to its successor, since its transaction may still be
 * running on the server.
 *
 * <p>The op timeout is the connection's network timeout: a query or commit that gets no answer
 * in time breaks the connection (SQLSTATE 08006), and the op is {@code info}.
 *
 * <p>Writes follow a promotion: with replicas, the primary's pool lists every node and asks for
 * the one that accepts writes ({@code targetServerType=primary}, the driver's own multi-host
 * failover, as libpq's {@code target_session_attrs=read-write}). Connections to a primary that
 * went down break (their ops end {@code info}); the next connection is made to whichever node
 * says it is primary now.
 */
public final class PostgresClients implements ClientFactory {
  private static final Executor DIRECT = Runnable::run;

  private final PostgresVariant variant;
  private final ClientOptions options;
  private final Credentials credentials;
  private final String database;
  private final HikariDataSource primary;
  private final List<HikariDataSource> replicas = new ArrayList<>();
  /** The isolation level each pool asks of its connections, which every connection taken is held to. */
  private final java.util.Map<HikariDataSource, ClientOptions.Isolation> isolationOf = new java.util.IdentityHashMap<>();
  private final AtomicInteger opened = new AtomicInteger();

  public PostgresClients(PostgresVariant variant, Targets targets, ClientOptions options, int concurrency) {
    if (options.readFrom().usesReplicas() && targets.replicas().isEmpty()) {
      throw new IllegalArgumentException("reads from replicas need a topology with replicas");
    }
    this.variant = variant;
    this.options = options;
    List<Endpoint> everyNode = new ArrayList<>(List.of(targets.primary()));
    everyNode.addAll(targets.replicas());
    this.credentials = targets.credentials();
    this.database = targets.database();
    this.primary = pool("primary", everyNode, concurrency, options.isolation());
    if (options.readFrom().usesReplicas()) {
      // A hot standby refuses serializable transactions; repeatable read is the most it offers.
      ClientOptions.Isolation onReplica = options.isolation() == ClientOptions.Isolation.SERIALIZABLE
          ? ClientOptions.Isolation.REPEATABLE_READ : options.isolation();
      for (Endpoint replica : targets.replicas()) replicas.add(pool("replica-" + replica.port(), List.of(replica), concurrency, onReplica));
    }
  }

  /** A pool to one node, or, given several, to the one among them that accepts writes. */
  private HikariDataSource pool(String name, List<Endpoint> nodes, int concurrency, ClientOptions.Isolation isolation) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("faultline-" + name);
    String hosts = String.join(",", nodes.stream().map(e -> e.host() + ":" + e.port()).toList());
    config.setJdbcUrl("jdbc:postgresql://" + hosts + "/" + database);
    if (nodes.size() > 1) {
      config.addDataSourceProperty("targetServerType", "primary");
      // The driver remembers which node was a standby for this long; a promotion must show soon.
      config.addDataSourceProperty("hostRecheckSeconds", 1);
    }
    config.setUsername(credentials.user());
    config.setPassword(credentials.password());
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_" + isolation.name());
    if (variant.locksManyRows()) {
      // Looking for deadlocks sooner than the op timeout keeps their outcome definite (40P01, fail).
      config.setConnectionInitSql("SET deadlock_timeout = '100ms'");
    }
    // Retired processes' connections are evicted, so leave room for their replacements.
    config.setMaximumPoolSize(concurrency + 2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
    config.setInitializationFailTimeout(-1); // the pool starts even while a node is down
    config.addDataSourceProperty("connectTimeout", Math.max(1, (int) Math.ceil(options.connectTimeout().toMillis() / 1000.0)));
    config.addDataSourceProperty("tcpKeepAlive", true);
    HikariDataSource pool = new HikariDataSource(config);
    isolationOf.put(pool, isolation);
    return pool;
  }

  @Override
  public void setup() throws SQLException {
    try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
      // Every variant's tables, so that one database serves any variant.
      for (PostgresVariant.Schema schema : Arrays.stream(PostgresVariant.values()).map(PostgresVariant::schema).distinct().toList()) {
        schema.create(s);
      }
      c.commit();
    }
  }

  @Override
  public Client open() throws SQLException {
    int n = opened.getAndIncrement();
    PostgresConnections.Pooled writes = connect(primary);
    PostgresConnections.Pooled reads = writes;
    // Round-robin over the replicas, or with --read-from any over the primary (-1) and the replicas.
    int replica = replicas.isEmpty() ? -1
        : options.readFrom() == ClientOptions.ReadFrom.ANY ? n % (replicas.size() + 1) - 1 : n % replicas.size();
    if (replica >= 0) {
      try {
        reads = connect(replicas.get(replica));
      } catch (SQLException e) {
        writes.evict();
        throw e;
      }
    }
    PostgresConnections connections = new PostgresConnections(writes, reads, options.opTimeout().toMillis());
    return variant.client(connections);
  }

  private PostgresConnections.Pooled connect(HikariDataSource pool) throws SQLException {
    Connection c = pool.getConnection();
    try {
      c.setNetworkTimeout(DIRECT, (int) options.opTimeout().toMillis());
      return new PostgresConnections.Pooled(c, pool, identify(c, isolationOf.get(pool)));
    } catch (SQLException e) {
      pool.evictConnection(c);
      throw e;
    }
  }

  /**
   * Who the server is, as it says itself: asked once each time a process takes a connection, never
   * per op. In the same query, the isolation level the connection's transactions run at, as the
   * server says: a connection at another level than asked (a pool that did not set it, a session
   * changed behind our back) would make every verdict of its transactions wrong, so it is refused
   * here and evicted: the op fails, naming the level, and no transaction of the history ran at a
   * level other than the one its verdict is about.
   */
  private static ServerIdentity identify(Connection c, ClientOptions.Isolation asked) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + ServerIdentity.POSTGRES_HOME_SQL + ", pg_postmaster_start_time()::text, "
            + "(SELECT system_identifier FROM pg_control_system())::text, current_setting('transaction_isolation')")) {
      r.next();
      ServerIdentity server = ServerIdentity.ofPostgres(r.getString(1), r.getString(2), r.getString(3));
      String running = r.getString(4);
      c.commit();
      if (asked != null && !running.equals(asked.serverName())) {
        throw new SQLException("a connection to " + server.name() + " runs its transactions at " + running + ", not "
            + asked.serverName() + " as the run asked: its verdicts would not be about " + asked.id());
      }
      return server;
    }
  }

  @Override
  public void close() {
    primary.close();
    replicas.forEach(HikariDataSource::close);
  }
}
