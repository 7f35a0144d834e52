package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * register on PostgreSQL, a row per key: {@code read} by SELECT (no row reads nil), {@code write}
 * by an upsert, {@code cas [from to]} by {@code UPDATE ... WHERE v = from}: no row updated means the
 * value was not {@code from}, and the transaction is rolled back: {@code fail}.
 */
final class PostgresRegisterClient implements Client {
  private final PostgresConnections pg;

  PostgresRegisterClient(PostgresConnections pg) {
    this.pg = pg;
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "read" -> pg.read(c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT v FROM registers WHERE k = ?")) {
          s.setString(1, op.key());
          try (ResultSet r = s.executeQuery()) {
            return Completion.ok(r.next() ? r.getObject(1, Long.class) : null);
          }
        }
      });
      case "write" -> pg.write(c -> {
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO registers (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
          s.setString(1, op.key());
          s.setLong(2, (Long) op.value());
          s.executeUpdate();
          return Completion.ok(op.value());
        }
      });
      case "cas" -> pg.write(c -> {
        List<?> fromTo = (List<?>) op.value();
        try (PreparedStatement s = c.prepareStatement("UPDATE registers SET v = ? WHERE k = ? AND v = ?")) {
          s.setLong(1, (Long) fromTo.get(1));
          s.setString(2, op.key());
          s.setLong(3, (Long) fromTo.get(0));
          return s.executeUpdate() == 1 ? Completion.ok(op.value()) : Completion.fail("cas: value was not " + fromTo.get(0));
        }
      });
      default -> throw new IllegalArgumentException("register has no function " + op.f());
    };
  }

  @Override
  public void close() {
    pg.close();
  }
}
