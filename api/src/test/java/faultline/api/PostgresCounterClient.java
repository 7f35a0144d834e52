package faultline.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import javax.sql.DataSource;

/** A user's counter on PostgreSQL through the run's pooled DataSource: an upsert adds, a select reads. */
final class PostgresCounterClient implements Client {
  private final DataSource pool;

  PostgresCounterClient(DataSource pool) throws SQLException {
    this.pool = pool;
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS points (k text PRIMARY KEY, v bigint NOT NULL)");
    }
  }

  @Override
  public Completion invoke(Invocation op) throws SQLException {
    Connection c;
    try {
      c = pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      return Completion.fail("no connection: " + e.getMessage()); // nothing was sent
    }
    try (c) {
      if (op.f().equals("add")) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO points VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = points.v + EXCLUDED.v")) {
          s.setString(1, op.key());
          s.setLong(2, op.longValue());
          s.executeUpdate();
        }
        return Completion.ok(op.value());
      }
      try (PreparedStatement s = c.prepareStatement("SELECT v FROM points WHERE k = ?")) {
        s.setString(1, op.key());
        try (ResultSet r = s.executeQuery()) {
          return Completion.ok(r.next() ? r.getLong(1) : 0L);
        }
      }
    }
  }
}
