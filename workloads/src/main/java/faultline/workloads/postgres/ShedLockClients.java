package faultline.workloads.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.Targets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each process is one node of an application that runs its scheduled task under ShedLock: a
 * DataSource of its own (a small HikariCP pool to the primary, through its client proxy, in
 * autocommit as ShedLock sets it), ShedLock's {@code JdbcLockProvider} over it, and the task's
 * SQL through the same pool. The pool is closed when the process retires, as a node's when it
 * stops. Setup creates ShedLock's table as its documentation gives it for PostgreSQL.
 */
final class ShedLockClients implements ClientFactory {
  static final String TABLE = "shedlock";
  static final String COUNTERS = "shedlock_counters";

  private final Targets targets;
  private final ClientOptions options;
  private final AtomicInteger opened = new AtomicInteger();

  ShedLockClients(Targets targets, ClientOptions options) {
    this.targets = targets;
    this.options = options;
  }

  @Override
  public void setup() throws Exception {
    try (HikariDataSource pool = pool("setup"); Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL, "
          + "locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL, PRIMARY KEY (name))");
      s.execute("CREATE TABLE IF NOT EXISTS " + COUNTERS + " (k text PRIMARY KEY, v bigint NOT NULL)");
    }
  }

  @Override
  public Client open() {
    HikariDataSource pool = pool("node-" + opened.getAndIncrement());
    try {
      return new ShedLockClient(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** A node's pool: two connections (the lock's statements and the task's), the op timeout as the network timeout. */
  private HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("faultline-shedlock-" + name);
    config.setJdbcUrl(targets.primary().jdbcUrl(targets.database()));
    config.setUsername(targets.credentials().user());
    config.setPassword(targets.credentials().password());
    config.setAutoCommit(true);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, options.connectTimeout().toMillis()));
    config.setInitializationFailTimeout(-1); // the pool starts even while the node is down
    config.addDataSourceProperty("connectTimeout", Math.max(1, (int) Math.ceil(options.connectTimeout().toMillis() / 1000.0)));
    config.addDataSourceProperty("socketTimeout", Math.max(1, (int) Math.ceil(options.opTimeout().toMillis() / 1000.0)));
    config.addDataSourceProperty("tcpKeepAlive", true);
    return new HikariDataSource(config);
  }

  @Override
  public void close() {}
}
