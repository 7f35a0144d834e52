package faultline.workloads.crossstore;

import faultline.workloads.BothStores;
import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.Targets;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens each process's connections to both stores ({@link BothStores}), and its client: the lock
 * on one, the counter on the other. PostgreSQL gets the counter's table (a row per lock: the value
 * and the newest fencing token it has seen) and the sequence PostgreSQL locks take tokens from.
 */
final class CrossStoreLockClients implements ClientFactory {
  static final String COUNTERS = "locked_counters";
  static final String TOKENS = "lock_tokens";

  private final CrossStoreLockVariant variant;
  private final BothStores stores;

  CrossStoreLockClients(CrossStoreLockVariant variant, Targets targets, ClientOptions options) {
    this.variant = variant;
    this.stores = new BothStores(variant.id(), targets, options);
  }

  @Override
  public void setup() throws SQLException {
    try (Connection c = stores.database(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + COUNTERS + " (k text PRIMARY KEY, v bigint NOT NULL, token bigint NOT NULL)");
      s.execute("CREATE SEQUENCE IF NOT EXISTS " + TOKENS);
    }
    try (StatefulRedisConnection<String, String> c = stores.redis()) {
      c.sync().ping();
    }
  }

  @Override
  public Client open() throws SQLException {
    BothStores.Pair both = stores.open();
    return switch (variant.lock()) {
      case REDIS -> new RedisLockPostgresCounterClient(both, variant.fenced());
      case POSTGRES -> new PostgresLockRedisCounterClient(both, variant.fenced());
    };
  }

  @Override
  public void close() {
    stores.close();
  }
}
