package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * counter on PostgreSQL, a row per key: {@code add} by {@code v = v + d} in one statement, or by
 * SELECT then a write of the sum (read-modify-write: under read committed two transactions can
 * both read 5 and both write 6; under repeatable read the second writer gets SQLSTATE 40001
 * instead; a client-pause freezes its worker between the two, its transaction open); {@code read} by SELECT, a missing row reading 0.
 */
final class PostgresCounterClient implements Client {
  private final PostgresConnections pg;
  private final boolean atomic;

  PostgresCounterClient(PostgresConnections pg, boolean atomic) {
    this.pg = pg;
    this.atomic = atomic;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** SELECT then the write has a pause point between the two, inside the transaction (client-pause freezes a worker there). */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return switch (op.f()) {
      case "read" -> pg.read(c -> Completion.ok(select(c, op.key())));
      case "add" -> pg.write(c -> {
        long delta = (Long) op.value();
        if (atomic) {
          upsert(c, "INSERT INTO counters (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = counters.v + EXCLUDED.v", op.key(), delta);
        } else {
          long current = select(c, op.key());
          pause.await();
          upsert(c, "INSERT INTO counters (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v", op.key(), current + delta);
        }
        return Completion.ok(delta);
      });
      default -> throw new IllegalArgumentException("counter has no function " + op.f());
    };
  }

  private static long select(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT v FROM counters WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  private static void upsert(Connection c, String sql, String key, long value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      s.setLong(2, value);
      s.executeUpdate();
    }
  }

  @Override
  public void close() {
    pg.close();
  }
}
