package faultline.environments;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A PostgreSQL topology with streaming replicas that can be promoted, repointed and rewound:
 * what a PostgreSQL failover needs (Jepsen's optional {@code Primary} protocol, for PostgreSQL).
 * Only pg-replicated offers it.
 */
public interface PostgresReplication {

  /**
   * How much of its primary's WAL a replica holds (received, else replayed; a byte position), so
   * that a failover can promote the replica that lost least; empty when it does not answer. Under
   * synchronous quorum commit ({@code ANY 1}) a commit is acknowledged once one replica has it:
   * promoting another would lose it.
   */
  OptionalLong walPosition(Node replica);

  /**
   * Promotes a replica to primary and waits until it accepts writes. Under synchronous
   * replication it then waits for the other data nodes as the first primary did. The other
   * replicas keep streaming from whom they did: see {@link #follow} and {@link #rejoin}.
   */
  void promote(Node replica);

  /**
   * Makes a running replica stream from {@code primary} (a promoted node) through its own
   * replication link to it, following the new timeline. It must not have replayed past the point
   * where that timeline forked (a replica ahead of the one promoted cannot): then {@link
   * #upstream} stays empty and only {@link #rejoin} brings it back.
   */
  void follow(Node replica, Node primary);

  /**
   * Brings a node back as {@code primary}'s replica whatever its WAL holds: stopped (a fenced old
   * primary is already down), rewound with pg_rewind to where its timeline forked from {@code
   * primary}'s (what it alone had, acknowledged or not, is discarded), then started streaming
   * through its replication link. Waits until it answers.
   */
  void rejoin(Node node, Node primary);

  /**
   * The primary a replica streams from now: asked of its WAL receiver (mapped through the
   * replication link it is connected to), and only if it receives the timeline that primary
   * writes; empty when it streams from nowhere.
   */
  Optional<Node> upstream(Node replica);
}
