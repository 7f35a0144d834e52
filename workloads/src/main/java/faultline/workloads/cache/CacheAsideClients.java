package faultline.workloads.cache;

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
 * Opens each process's pair of connections ({@link BothStores}: one JDBC connection to the
 * PostgreSQL primary, in autocommit, and one Lettuce connection to the Redis cache, both through
 * their client proxies, both with the op timeout, so that an answer that does not come ends the
 * op {@code info}).
 */
final class CacheAsideClients implements ClientFactory {
  static final String TABLE = "cache_aside";

  private final CacheAsideVariant variant;
  private final BothStores stores;

  CacheAsideClients(CacheAsideVariant variant, Targets targets, ClientOptions options) {
    this.variant = variant;
    this.stores = new BothStores(variant.id(), targets, options);
  }

  @Override
  public void setup() throws SQLException {
    try (Connection c = stores.database(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (key text PRIMARY KEY, value bigint NOT NULL, version bigint NOT NULL)");
    }
    try (StatefulRedisConnection<String, String> c = stores.redis()) {
      c.sync().ping();
    }
  }

  @Override
  public Client open() throws SQLException {
    BothStores.Pair both = stores.open();
    return new CacheAsideClient(variant, both.database(), both.redis());
  }

  @Override
  public void close() {
    stores.close();
  }
}
