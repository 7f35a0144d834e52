package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** set on PostgreSQL: {@code add} by INSERT of (key, element), {@code read} by SELECT in ascending order. */
final class PostgresSetClient implements Client {
  private final PostgresConnections pg;

  PostgresSetClient(PostgresConnections pg) {
    this.pg = pg;
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "read" -> pg.read(c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT e FROM sets WHERE k = ? ORDER BY e")) {
          s.setString(1, op.key());
          List<Long> elements = new ArrayList<>();
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) elements.add(r.getLong(1));
          }
          return Completion.ok(elements);
        }
      });
      case "add" -> pg.write(c -> {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sets (k, e) VALUES (?, ?)")) {
          s.setString(1, op.key());
          s.setLong(2, (Long) op.value());
          s.executeUpdate();
          return Completion.ok(op.value());
        }
      });
      default -> throw new IllegalArgumentException("set has no function " + op.f());
    };
  }

  @Override
  public void close() {
    pg.close();
  }
}
