package faultline.environments.nodes;

import faultline.environments.EnvironmentUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A low-level base backup, for PostgreSQL builds without pg_basebackup (zonky's, which
 * --postgres-version runs): {@code pg_backup_start} on a session of the primary's, a copy of its
 * data folder, {@code pg_backup_stop} on the same session, and the backup label it returns written
 * into the copy. The copy holds no WAL: the standby streams what it needs from the primary, which
 * keeps enough of it ({@code wal_keep_size}).
 *
 * <p>The copy runs as PostgreSQL's user (when we are root): the primary's data folder is that
 * user's, and reading it with its rights alone means nothing planted there (a link to a file of
 * root's) can be copied into a place that user may read.
 *
 * <p>The copy is one of the standby's host's: both data folders must be on it (a local
 * environment's are; nodes on hosts of their own need pg_basebackup).
 */
final class PostgresBaseBackup {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  /**
   * What PostgreSQL's documentation says to leave out of a base backup (files of the running
   * server, and the contents of folders it rebuilds), as tar patterns relative to the data folder.
   */
  private static final List<String> EXCLUDED = List.of(
      "./postmaster.pid", "./postmaster.opts", "./standby.signal", "./recovery.signal", "./backup_label", "./tablespace_map",
      "./pg_wal/*", "./pg_replslot/*", "./pg_dynshmem/*", "./pg_notify/*", "./pg_serial/*", "./pg_snapshots/*",
      "./pg_stat_tmp/*", "./pg_subtrans/*", "pg_internal.init", "pgsql_tmp*");
  /**
   * Files the server changes or removes while they are read are expected (tar's exit 1); the
   * backup label makes recovery replay over them. pg_wal's subfolders are made again, empty.
   */
  private static final String SCRIPT = "set -o pipefail; tar -C \"$1\" " + String.join(" ", EXCLUDED.stream()
      .map(p -> "--exclude='" + p + "'").toList())
      + " --warning=no-file-changed --warning=no-file-removed --ignore-failed-read -cf - . | tar -C \"$2\" -xf -;"
      + " s=$?; [ $s -le 1 ] || exit $s; mkdir -p \"$2/pg_wal/archive_status\"";

  private PostgresBaseBackup() {}

  /** Copies the running {@code primary}'s data into {@code standby}'s (empty) data folder, with the backup label. */
  static void copy(PostgresNode primary, PostgresNode standby) {
    try (Connection c = primary.connect(TIMEOUT); Statement s = c.createStatement()) {
      boolean since15 = serverVersionNumber(s) >= 150000;
      // fast: an immediate checkpoint. The session stays open until the stop: a non-exclusive backup ends with it.
      s.execute(since15 ? "SELECT pg_backup_start('faultline " + standby.name() + "', true)"
          : "SELECT pg_start_backup('faultline " + standby.name() + "', true, false)");
      standby.runTool("base-backup.log",
          List.of("bash", "-c", SCRIPT, "base-backup", primary.dataDirectory().toString(), standby.dataDirectory().toString()), TIMEOUT);
      String label;
      String tablespaceMap;
      // Not waiting for WAL archiving: there is none; the standby streams the WAL.
      try (ResultSet r = s.executeQuery(since15 ? "SELECT labelfile, spcmapfile FROM pg_backup_stop(false)"
          : "SELECT labelfile, spcmapfile FROM pg_stop_backup(false, false)")) {
        r.next();
        label = r.getString(1);
        tablespaceMap = r.getString(2);
      }
      standby.writeSecret(standby.dataDirectory().resolve("backup_label"), label);
      if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
        standby.writeSecret(standby.dataDirectory().resolve("tablespace_map"), tablespaceMap);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take a base backup of " + primary.name() + " for " + standby.name() + ": " + e.getMessage(), e);
    }
  }

  private static int serverVersionNumber(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SHOW server_version_num")) {
      r.next();
      return Integer.parseInt(r.getString(1));
    }
  }
}
