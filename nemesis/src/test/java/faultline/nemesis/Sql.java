package faultline.nemesis;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** One JDBC connection per call, with short connect and socket timeouts. */
final class Sql {
  private Sql() {}

  static Connection connect(Environment env, Endpoint endpoint, int timeoutSeconds) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", env.credentials().user());
    p.setProperty("password", env.credentials().password());
    p.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
    p.setProperty("socketTimeout", Integer.toString(timeoutSeconds));
    Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://" + endpoint + "/postgres", p);
    if (c == null) throw new SQLException("URL refused");
    return c;
  }

  static void execute(Environment env, Endpoint endpoint, String... statements) throws SQLException {
    try (Connection c = connect(env, endpoint, 5); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    }
  }

  static String value(Environment env, Endpoint endpoint, String query) throws SQLException {
    try (Connection c = connect(env, endpoint, 5); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      return r.next() ? r.getString(1) : null;
    }
  }
}
