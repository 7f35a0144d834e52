package faultline.environments.local;

import faultline.environments.Endpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC against one endpoint: each call its own connection, with bounded time-outs. */
final class Sql {
  private Sql() {}

  static Connection connect(Endpoint endpoint, int timeoutSeconds) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
    p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
    return DriverManager.getConnection("jdbc:postgresql://" + endpoint + "/postgres", p);
  }

  static void execute(Endpoint endpoint, String... statements) throws SQLException {
    try (Connection c = connect(endpoint, 5); Statement s = c.createStatement()) {
      for (String statement : statements) s.execute(statement);
    }
  }

  static String value(Endpoint endpoint, String query) throws SQLException {
    return value(endpoint, query, 5);
  }

  /** The first column of the first row, or null when there is no row. */
  static String value(Endpoint endpoint, String query, int timeoutSeconds) throws SQLException {
    try (Connection c = connect(endpoint, timeoutSeconds); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** {@link #value} for polling: an error (a node not ready, a cut link) reads as null. */
  static String valueOrNull(Endpoint endpoint, String query) {
    try {
      return value(endpoint, query, 2);
    } catch (SQLException e) {
      return null;
    }
  }
}
