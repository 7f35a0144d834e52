package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Plain JDBC against one endpoint of {@code env}, with its password: each call its own connection, with bounded time-outs. */
final class Sql {
  private Sql() {}

  static Connection connect(Environment env, Endpoint endpoint, int timeoutSeconds) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", env.credentials().user());
    p.setProperty("password", env.credentials().password());
    p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
    p.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
    return DriverManager.getConnection("jdbc:postgresql://" + endpoint + "/postgres", p);
  }

  static void execute(Environment env, Endpoint endpoint, String... statements) throws SQLException {
    try (Connection c = connect(env, endpoint, 5); Statement s = c.createStatement()) {
      for (String statement : statements) s.execute(statement);
    }
  }

  static String value(Environment env, Endpoint endpoint, String query) throws SQLException {
    return value(env, endpoint, query, 5);
  }

  /** The first column of the first row, or null when there is no row. */
  static String value(Environment env, Endpoint endpoint, String query, int timeoutSeconds) throws SQLException {
    try (Connection c = connect(env, endpoint, timeoutSeconds); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /** {@link #value} for polling: an error (a node not ready, a cut link) reads as null. */
  static String valueOrNull(Environment env, Endpoint endpoint, String query) {
    try {
      return value(env, endpoint, query, 2);
    } catch (SQLException e) {
      return null;
    }
  }
}
