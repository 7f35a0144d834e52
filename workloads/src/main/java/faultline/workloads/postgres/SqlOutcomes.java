package faultline.workloads.postgres;

import faultline.workloads.Completion;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.Set;

/**
 * What a JDBC exception says about a transaction. PostgreSQL names its errors by SQLSTATE: a
 * serialization failure (40001), a deadlock victim (40P01), a constraint violation (class 23), a
 * write on a read-only server (25006) or a lock not available (55P03) mean the transaction was
 * rolled back: {@code fail}. Connection errors (class 08), cancellations and anything unknown
 * leave the commit's fate open: {@code info}.
 */
final class SqlOutcomes {
  private static final Set<String> DEFINITE = Set.of("40001", "40P01", "25006", "55P03");

  private SqlOutcomes() {}

  static Completion of(SQLException e, long opTimeoutMillis) {
    String state = e.getSQLState();
    String what = (state == null ? "" : state + " ") + firstLine(String.valueOf(e.getMessage()));
    if (state != null && (DEFINITE.contains(state) || state.startsWith("23"))) return Completion.fail(what);
    if (e.getCause() instanceof SocketTimeoutException) return Completion.info("timeout after " + opTimeoutMillis + " ms");
    return Completion.info(what);
  }

  private static String firstLine(String s) {
    int newline = s.indexOf('\n');
    return newline < 0 ? s : s.substring(0, newline);
  }
}
