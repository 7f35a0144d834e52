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
        // One statement, so it commits on its own (autocommit): INSERT and COMMIT in one round trip.
        // With a separate COMMIT, a reply lost mid-INSERT always meant a rollback, and an add whose
        // fate is unknown (info) that actually committed, Jepsen's interesting case, was rare.
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sets (k, e) VALUES (?, ?)")) {
          s.setString(1, op.key());
          s.setLong(2, (Long) op.value());
          s.executeUpdate();
          return Completion.ok(op.value());
        } finally {
          restoreTransactions(c);
        }
      });
      default -> throw new IllegalArgumentException("set has no function " + op.f());
    };
  }

  /** Back to explicit transactions; on a connection already broken this fails, and the op's own error is what counts. */
  private static void restoreTransactions(java.sql.Connection c) {
    try {
      c.setAutoCommit(false);
    } catch (java.sql.SQLException brokenConnection) {
      // The op's outcome was already decided by its own exception or result.
    }
  }

  @Override
  public void close() {
    pg.close();
  }
}
