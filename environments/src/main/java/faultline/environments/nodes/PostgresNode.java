package faultline.environments.nodes;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Polling;
import faultline.environments.Role;
import faultline.environments.host.Host;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * A PostgreSQL server. Its configuration lives beside its data folder, not in it: pg_basebackup
 * copies the data folder, and a replica must not inherit its primary's address and port.
 */
public final class PostgresNode extends ServerNode {
  /** The database's superuser, and the system user its programs run as (PostgreSQL refuses root). */
  public static final String USER = "postgres";
  private final List<String> acceptedNetworks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);

  private final List<String> configuration = new ArrayList<>();
  private final List<String> extraSettings = new ArrayList<>();
  private Credentials credentials;
  /** Where the host's PostgreSQL programs are. */
  private final Programs programs;

  public PostgresNode(String name, Role role, Endpoint address, Host host, Programs programs, Duration startTimeout) {
    super(name, role, address, host, startTimeout);
    this.programs = programs;
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

  @Override
  public Path dataDirectory() {
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

  /**
   * The run's password, required of every connection (scram-sha-256 in pg_hba.conf, replication
   * included). The server's own tools and its WAL receiver read it from {@link #passfile()}.
   */
  public PostgresNode requirePassword(Credentials credentials) {
    this.credentials = credentials;
    return this;
  }

  /**
   * The password file (libpq's format) that pg_basebackup, pg_rewind and the WAL receiver use:
   * PostgreSQL's user's alone (libpq ignores one that others may read), in our node folder, where
   * that user cannot write.
   */
  Path passfile() {
    return directory().resolve("pgpass");
  }

  Path program(String name) {
    return programs.path(name);
  }

  /** Whether this node's PostgreSQL has {@code name}: zonky's builds lack pg_basebackup and pg_rewind. */
  boolean hasProgram(String name) {
    return programs.has(name);
  }

  /** PostgreSQL refuses to run as root: its programs run as its own user. */
  @Override
  Optional<String> user() {
    return Optional.of(USER);
  }

  PostgresNode configure(String... lines) {
    configuration.addAll(List.of(lines));
    return this;
  }

  /** Creates an empty cluster for a primary. */
  public void initialize() {
    createDataDirectory();
    Path pwfile = directory().resolve("pwfile");
    writeSecret(pwfile, credentials.password() + "\n");
    try {
      runTool("initdb.log", List.of(program("initdb").toString(),
          "-D", dataDirectory().toString(), "-U", USER, "--pwfile=" + pwfile, "--auth=scram-sha-256",
          "-E", "UTF8", "--locale=C",
          // Skipping initdb's own fsync only speeds up creating the cluster; the server runs with fsync on.
          "--no-sync", "--no-instructions"), TOOL_TIMEOUT);
    } finally {
      runOnHost(List.of("rm", "-f", "--", pwfile.toString()), TOOL_TIMEOUT);
    }
    writeConfiguration();
  }

  /**
   * Copies {@code primary}'s data and makes this node its standby, streaming through {@code via}
   * (a proxy to it): with pg_basebackup through {@code via} where this PostgreSQL has it, else by
   * a low-level base backup ({@link PostgresBaseBackup}).
   */
  void cloneFrom(PostgresNode primary, Endpoint via) {
    createDataDirectory();
    if (hasProgram("pg_basebackup")) {
      runTool("pg_basebackup.log", List.of(program("pg_basebackup").toString(),
          "-d", connection(via), "-D", dataDirectory().toString(), "-X", "stream", "--checkpoint=fast", "--no-sync"), TOOL_TIMEOUT);
    } else {
      PostgresBaseBackup.copy(primary, this);
    }
    setting("primary_conninfo", conninfo(via));
    createStandbySignal();
    writeConfiguration();
  }

  /**
   * Replaces a stopped node's data with a fresh copy of {@code primary}'s and makes it that
   * primary's standby, streaming through {@code via}: how a node rejoins where pg_rewind is missing.
   * Whatever it alone had is discarded, as pg_rewind discards it.
   */
  void recloneFrom(PostgresNode primary, Endpoint via) {
    if (isRunning()) throw new IllegalStateException(name() + " must be stopped to be copied afresh");
    // rm never follows a link inside the folder (PostgreSQL's user could have planted one).
    runOnHost(List.of("rm", "-rf", "--one-file-system", "--", dataDirectory().toString()), TOOL_TIMEOUT);
    cloneFrom(primary, via);
    setting("synchronous_standby_names", "''");
    writeConfiguration();
  }

  /**
   * Where this standby streams from: {@code via}, a proxy to its new primary. PostgreSQL (13 and
   * later) restarts the WAL receiver when primary_conninfo changes, and with
   * recovery_target_timeline 'latest' (the default) the standby follows the new primary's
   * timeline, as long as it has not replayed past the point where that timeline forked.
   */
  void follow(Endpoint via) {
    if (isPrimary()) throw new IllegalStateException(name() + " accepts writes: only a standby can follow a primary");
    setting("primary_conninfo", conninfo(via));
    writeConfiguration();
    reload();
  }

  /**
   * Makes a stopped node a standby of the primary behind {@code via}: the standby signal, the
   * primary to stream from, and no standbys of its own to wait for (a primary's
   * synchronous_standby_names means nothing on a standby; it is set again at a promotion).
   */
  void becomeStandby(Endpoint via) {
    if (isRunning()) throw new IllegalStateException(name() + " must be stopped to become a standby");
    setting("primary_conninfo", conninfo(via));
    setting("synchronous_standby_names", "''");
    createStandbySignal();
    writeConfiguration();
  }

  /**
   * What a primary waits for before acknowledging a commit; written before a promotion, so the
   * first commit the new primary takes already waits (a standby ignores these settings).
   */
  void synchronousCommit(String standbyNames, String synchronousCommit) {
    setting("synchronous_standby_names", "'" + standbyNames + "'");
    setting("synchronous_commit", synchronousCommit);
    writeConfiguration();
    if (isRunning()) reload();
  }

  private String conninfo(Endpoint via) {
    // A string of postgresql.conf: its quotes doubled.
    return "'" + (connection(via) + " application_name=" + name() + " connect_timeout=2").replace("'", "''") + "'";
  }

  /** A libpq connection string to {@code via} as our user, its password from {@link #passfile()}. */
  String connection(Endpoint via) {
    return "host=" + via.host() + " port=" + via.port() + " user=" + USER + " passfile=" + connectionValue(passfile().toString());
  }

  /** A value of a libpq connection string: in single quotes, with its quotes and backslashes escaped. */
  private static String connectionValue(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Replaces the line of {@code name}, if any, in our part of the configuration. */
  private void setting(String name, String value) {
    configuration.removeIf(line -> line.startsWith(name + " ="));
    configuration.add(name + " = " + value);
  }

  /**
   * Creates the (empty) standby signal, never through a link: the data folder is PostgreSQL's
   * user's, who may have planted one. The file stays ours; PostgreSQL only looks for it and, at a
   * promotion, removes it (its own folder lets it), so nothing is ever given away here.
   */
  public void createStandbySignal() {
    Path signal = dataDirectory().resolve("standby.signal");
    // Already a standby (or whatever PostgreSQL's user put there, a link included): it exists, which is all PostgreSQL asks.
    if (host().exists(signal)) return;
    host().write(signal, new byte[0], 0644, Optional.empty());
  }

  /**
   * Removes the standby signal of a stopped node. A standby killed outright must go through crash
   * recovery before pg_rewind, and single-user mode (how pg_rewind does it) refuses standby mode.
   */
  void dropStandbySignal() {
    runOnHost(List.of("rm", "-f", "--", dataDirectory().resolve("standby.signal").toString()), TOOL_TIMEOUT);
  }

  /** Rereads the configuration file (pg_reload_conf). */
  private void reload() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reload the configuration of " + name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the server cleanly (fast shutdown: sessions ended, a shutdown checkpoint written),
   * which is what pg_rewind wants of a target. If that fails it is killed, and pg_rewind
   * completes its crash recovery instead.
   */
  void shutDown() {
    if (!isRunning()) return;
    try {
      runTool("pg_ctl.log", List.of(program("pg_ctl").toString(), "stop", "-D", dataDirectory().toString(),
          "-m", "fast", "-w", "-t", Long.toString(startTimeout().toSeconds())), TOOL_TIMEOUT);
    } catch (RuntimeException e) {
      kill();
    }
    // pg_ctl waits until the server is gone; this reaps it, so that isRunning() agrees.
    if (!awaitExit(Duration.ofSeconds(5))) kill();
  }

  /**
   * The data folder, PostgreSQL's user's alone (mode 0700, as it demands), and the password file.
   * PostgreSQL's user must be able to walk down to its data: the node's folder is open to others
   * (the environment opens the run folder, and checks the folders above it).
   */
  private void createDataDirectory() {
    if (credentials == null) throw new IllegalStateException(name() + " has no password to require");
    host().makeFolder(directory(), 0755, Optional.empty());
    host().makeFolder(dataDirectory(), 0700, Optional.of(USER));
    writeSecret(passfile(), "*:*:*:" + USER + ":" + credentials.password() + "\n");
  }

  /** A file for PostgreSQL's user alone (mode 0600): libpq ignores a password file others may read. */
  void writeSecret(Path file, String text) {
    host().write(file, text.getBytes(StandardCharsets.UTF_8), 0600, Optional.of(USER));
  }

  /**
   * Accepts connections from {@code network} (an address or CIDR block) too, with the run's
   * password: hosts apart from this machine reach each other, and are reached, from their own
   * network rather than from loopback. Before the node starts.
   */
  public void acceptFrom(String network) {
    acceptedNetworks.add(network.contains("/") ? network : network + "/32");
  }

  private void writeConfiguration() {
    List<String> lines = new ArrayList<>(configuration);
    lines.addAll(extraSettings);
    host().write(configFile(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), 0644, Optional.empty());
    List<String> hba = new ArrayList<>(List.of(
        "# Loopback, where every proxy connects from, and the networks the environment named; a",
        "# password, random per run, for everyone (other local users reach loopback too).",
        "host all all 127.0.0.0/8 scram-sha-256",
        "host replication all 127.0.0.0/8 scram-sha-256"));
    for (String network : acceptedNetworks) {
      hba.add("host all all " + network + " scram-sha-256");
      hba.add("host replication all " + network + " scram-sha-256");
    }
    hba.add("");
    host().write(directory().resolve("pg_hba.conf"), String.join("\n", hba).getBytes(StandardCharsets.UTF_8), 0644, Optional.empty());
  }

  @Override
  List<String> command() {
    return List.of(program("postgres").toString(), "-D", dataDirectory().toString(), "-c", "config_file=" + configFile());
  }

  /**
   * The postmaster of the server answering: the parent of the backend serving our connection
   * (pg_backend_pid, and its PPid in /proc), since PostgreSQL reports no postmaster pid itself.
   */
  @Override
  public OptionalLong answeringPid() {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
      return r.next() ? parentOf(r.getLong(1)) : OptionalLong.empty();
    } catch (SQLException e) {
      return OptionalLong.empty(); // not listening yet, or "the database system is starting up"
    }
  }

  /** The parent of {@code pid} on the node's host (its /proc, read there: a container's or an SSH host's own). */
  private OptionalLong parentOf(long pid) {
    try {
      String status = new String(host().read(Path.of("/proc", Long.toString(pid), "status")), StandardCharsets.UTF_8);
      for (String line : status.split("\n")) {
        if (line.startsWith("PPid:")) return OptionalLong.of(Long.parseLong(line.substring(5).trim()));
      }
    } catch (RuntimeException e) {
      // gone already (a HostException), or no /proc
    }
    return OptionalLong.empty();
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
  OptionalLong walPosition() {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT pg_wal_lsn_diff(COALESCE(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), '0/0')::bigint")) {
      if (!r.next()) return OptionalLong.empty();
      long position = r.getLong(1);
      return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(position);
    } catch (SQLException e) {
      return OptionalLong.empty();
    }
  }

  /** Ends recovery and waits until the node accepts writes. */
  void promote() {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_promote(true, " + startTimeout().toSeconds() + ")");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot promote " + name() + ": " + e.getMessage(), e);
    }
    if (!Polling.until(startTimeout(), this::isPrimary)) {
      throw new IllegalStateException(name() + " still in recovery " + startTimeout().toSeconds() + " s after promotion");
    }
    // Its control file names the new timeline only after a checkpoint; until then pg_rewind, which
    // reads it, takes a diverged old primary for one on the same timeline and rewinds nothing
    // (pg_rewind's documentation asks for this checkpoint).
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot checkpoint " + name() + " after its promotion: " + e.getMessage(), e);
    }
  }

  /** A standby's WAL receiver while it streams: the proxy it is connected to, and the timeline it receives. */
  record Receiver(Endpoint sender, long timeline) {}

  /** What this standby streams now (pg_stat_wal_receiver); empty when it is not streaming, is a primary or does not answer. */
  Optional<Receiver> receiver() {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT sender_host, sender_port, received_tli FROM pg_stat_wal_receiver WHERE status = 'streaming'")) {
      if (!r.next() || r.getString(1) == null) return Optional.empty();
      return Optional.of(new Receiver(new Endpoint(r.getString(1), r.getInt(2)), r.getLong(3)));
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /**
   * The timeline this primary writes WAL on now (the first 8 hex digits of its current WAL file's
   * name; pg_control_checkpoint would only say it after the first checkpoint of a promotion);
   * empty when it is a standby or does not answer.
   */
  OptionalLong timeline() {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
        "SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint")) {
      return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
    } catch (SQLException e) {
      return OptionalLong.empty(); // "recovery is in progress" on a standby
    }
  }

  /** A direct connection to this node (not through a proxy): for control, never for workloads. */
  Connection connect() throws SQLException {
    return connect(Duration.ofSeconds(10));
  }

  /** {@link #connect()} whose every statement may take up to {@code socketTimeout} (a checkpoint may take long). */
  Connection connect(Duration socketTimeout) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("password", credentials.password());
    properties.setProperty("connectTimeout", "2");
    properties.setProperty("socketTimeout", Long.toString(socketTimeout.toSeconds()));
    Connection c = new org.postgresql.Driver().connect(
        address().jdbcUrl("postgres"), properties);
    if (c == null) throw new SQLException("the PostgreSQL driver refused the URL");
    return c;
  }
}
