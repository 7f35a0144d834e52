package faultline.environments.nodes;

import faultline.environments.Endpoint;
import java.time.Duration;

/**
 * Brings a PostgreSQL node whose WAL may have forked from the current primary's back as that
 * primary's standby, with pg_rewind: typically an old primary fenced by a failover, which wrote
 * WAL (commits it may have acknowledged) that the promoted replica never received. pg_rewind
 * rewinds the node to the point where the timelines forked and copies what the primary changed
 * since; whatever the node alone had is discarded there, as it is on the new primary.
 *
 * <p>pg_rewind needs wal_log_hints (set for every node of pg-replicated) and a target shut down
 * cleanly: a running node is stopped with a fast shutdown; a killed one is left to pg_rewind, which
 * completes its crash recovery in single-user mode first, with our configuration file
 * ({@code --config-file}), or it would run without wal_log_hints and refuse itself.
 */
final class PostgresRejoin {
  private static final Duration REWIND_TIMEOUT = Duration.ofSeconds(120);

  private PostgresRejoin() {}

  /**
   * Rewinds {@code node} against {@code primary}, reached through {@code via} (a proxy), then starts
   * it streaming from there. Where this PostgreSQL lacks pg_rewind (zonky's builds), the node is
   * copied afresh from the primary instead ({@link PostgresNode#recloneFrom}).
   */
  static void rejoin(PostgresNode node, PostgresNode primary, Endpoint via) {
    node.shutDown();
    if (!node.hasProgram("pg_rewind")) {
      node.recloneFrom(primary, via);
      node.start();
      return;
    }
    node.dropStandbySignal();
    node.runTool("pg_rewind.log", java.util.List.of(node.program("pg_rewind").toString(),
        "--target-pgdata=" + node.dataDirectory(),
        "--source-server=" + node.connection(via) + " dbname=postgres connect_timeout=5",
        "--config-file=" + node.configFile(),
        // The server fsyncs its data folder when it starts from a rewind (an unfinished recovery), as after a base backup.
        "--no-sync"), REWIND_TIMEOUT);
    node.becomeStandby(via);
    node.start();
  }
}
