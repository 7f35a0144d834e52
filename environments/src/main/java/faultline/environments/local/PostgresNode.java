package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL server. Its configuration lives beside its data folder, not in it: pg_basebackup
 * copies the data folder, and a replica must not inherit its primary's address and port.
 */
final class PostgresNode extends LocalNode {
  static final String USER = "postgres";
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final List<String> configuration = new ArrayList<>();
  private final List<String> extraSettings = new ArrayList<>();

  PostgresNode(String name, Role role, Endpoint address, Path directory, RunRegistry registry, Duration startTimeout) {
    super(name, role, address, directory, registry, startTimeout);
    configuration.add("listen_addresses = '" + address.host() + "'");
    configuration.add("port = " + address.port());
    // Socket paths are limited to 107 bytes and run folders can be deep: TCP only.
    configuration.add("unix_socket_directories = ''");
    configuration.add("hba_file = '" + directory().resolve("pg_hba.conf") + "'");
    configuration.add("logging_collector = off");
    configuration.add("log_line_prefix = '%m [%p] '");
    // A replica cut off for a while can catch up from the primary's WAL without a slot.
    configuration.add("wal_keep_size = '512MB'");
    // A replica retries its primary every half second, so a healed link is used again at once.
    configuration.add("wal_retrieve_retry_interval = '500ms'");
  }

  Path dataDirectory() {
    return directory().resolve("data");
  }

  Path configFile() {
    return directory().resolve("postgresql.conf");
  }

  /** Settings of the caller's, written after ours (PostgreSQL takes the last value of a name). */
  PostgresNode configureLast(List<String> lines) {
    extraSettings.addAll(lines);
    return this;
  }

  PostgresNode configure(String... lines) {
    configuration.addAll(List.of(lines));
    return this;
  }

  /** Creates an empty cluster for a primary. */
  void initialize() {
    createDataDirectory();
    ManagedProcess.runToCompletion(
        PostgresUser.command(Binaries.postgres("initdb"),
            "-D", dataDirectory().toString(), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C",
            // Skipping initdb's own fsync only speeds up creating the cluster; the server runs with fsync on.
            "--no-sync", "--no-instructions"),
        directory(), directory().resolve("initdb.log"), TOOL_TIMEOUT);
    writeConfiguration();
  }

  /** Copies the primary's data through {@code via} (a proxy to it) and makes this node its standby. */
  void cloneFrom(Endpoint via) {
    createDataDirectory();
    ManagedProcess.runToCompletion(
        PostgresUser.command(Binaries.postgres("pg_basebackup"),
            "-h", via.host(), "-p", Integer.toString(via.port()), "-U", USER,
            "-D", dataDirectory().toString(), "-X", "stream", "--checkpoint=fast", "--no-sync"),
        directory(), directory().resolve("pg_basebackup.log"), TOOL_TIMEOUT);
    configuration.add("primary_conninfo = 'host=" + via.host() + " port=" + via.port() + " user=" + USER
        + " application_name=" + name() + " connect_timeout=2'");
    try {
      Path signal = Files.createFile(dataDirectory().resolve("standby.signal"));
      if (PostgresUser.weAreRoot()) Directories.giveTo(signal, PostgresUser.SYSTEM_USER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeConfiguration();
  }

  private void createDataDirectory() {
    if (PostgresUser.weAreRoot()) {
      // PostgreSQL's user must be able to walk down to its data: open our run and node folders.
      Directories.openToOthers(directory().getParent());
      Directories.openToOthers(directory());
      Directories.requireOpenToOthers(directory().getParent().getParent());
    }
    Directories.create(dataDirectory());
    PostgresUser.own(dataDirectory());
    registry().dataDirectory(dataDirectory());
  }

  private void writeConfiguration() {
    try {
      List<String> lines = new ArrayList<>(configuration);
      lines.addAll(extraSettings);
      Files.writeString(configFile(), String.join("\n", lines) + "\n");
      Files.writeString(directory().resolve("pg_hba.conf"), String.join("\n",
          "# Loopback only, and every proxy connects from loopback.",
          "host all all 127.0.0.0/8 trust",
          "host replication all 127.0.0.0/8 trust", ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configuration of " + name(), e);
    }
  }

  @Override
  List<String> command() {
    return PostgresUser.command(Binaries.postgres("postgres"),
        "-D", dataDirectory().toString(), "-c", "config_file=" + configFile());
  }

  @Override
  boolean answers() {
    try (Connection c = connect()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false; // not listening yet, or "the database system is starting up"
    }
  }

  /** PostgreSQL logs a FATAL line for every connection refused while it starts. */
  @Override
  Duration probeInterval() {
    return Duration.ofMillis(100);
  }

  @Override
  String program() {
    return "postgres";
  }

  /** True when the node accepts writes (is not in recovery); false if it does not answer. */
  boolean isPrimary() {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_is_in_recovery()")) {
      return r.next() && !r.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }

  /** The WAL this replica holds, as a byte position; empty when it does not answer. */
  java.util.OptionalLong walPosition() {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT pg_wal_lsn_diff(COALESCE(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), '0/0')::bigint")) {
      if (!r.next()) return java.util.OptionalLong.empty();
      long position = r.getLong(1);
      return r.wasNull() ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(position);
    } catch (SQLException e) {
      return java.util.OptionalLong.empty();
    }
  }

  /** Ends recovery and waits until the node accepts writes. */
  void promote() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_promote(true, " + startTimeout().toSeconds() + ")");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot promote " + name() + ": " + e.getMessage(), e);
    }
    if (!Deadline.await(startTimeout(), this::isPrimary)) {
      throw new IllegalStateException(name() + " still in recovery " + startTimeout().toSeconds() + " s after promotion");
    }
  }

  /** A direct connection to this node (not through a proxy): for control, never for workloads. */
  Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("socketTimeout", "10");
    Connection c = new org.postgresql.Driver().connect(
        "jdbc:postgresql://" + address().host() + ":" + address().port() + "/postgres", properties);
    if (c == null) throw new SQLException("the PostgreSQL driver refused the URL");
    return c;
  }
}
