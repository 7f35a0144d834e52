package faultline.environments;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Running nodes of one topology and the proxies on every link between them and to them. Closing
 * it stops every process and proxy it started, whatever happened before.
 */
public interface Environment extends AutoCloseable {

  Topology topology();

  /** Where the nodes keep their data, configuration and logs. */
  Path runDirectory();

  /** Every node, sentinels included, in start order: n1, n2, ..., s1, s2, ... */
  List<Node> nodes();

  /** The node named {@code name}, or an exception naming the nodes there are. */
  Node node(String name);

  /** Every proxy of the environment. */
  List<Link> links();

  /**
   * The link {@code from} uses to reach {@code to}: {@code from} is a node's name (its own
   * replication link), {@link Link#PEERS} (the link all peers share) or {@link Link#CLIENTS}.
   */
  Optional<Link> link(String from, Node to);

  /** Where clients reach {@code node}: its client proxy. */
  Endpoint clientEndpoint(Node node);

  /** The Toxiproxy server's API address. */
  Endpoint toxiproxyApi();

  ToxiproxyClient toxiproxy();

  /**
   * Where a client should connect for an address that a server handed out (a Sentinel's answer,
   * a Cluster redirect): the client proxy of the node behind that address. Servers hand out the
   * addresses their peers use, so without this mapping a client would share the peers' links.
   * An address that belongs to no node is returned unchanged.
   */
  Endpoint clientRoute(Endpoint advertised);

  /**
   * The data nodes that say, now, that they accept writes (asked, not remembered from the start).
   * More than one means split brain; a Redis Cluster has one per shard.
   */
  List<Node> primaries();

  /**
   * The one node clients should write to now: for redis-sentinel what a majority of sentinels
   * say, otherwise the only node of {@link #primaries()}; empty when there is no single one.
   */
  Optional<Node> primary();

  /**
   * How much of its primary's WAL a PostgreSQL replica holds (received, else replayed; a byte
   * position), so that a failover can promote the replica that lost least; empty when it does not
   * answer. Under synchronous quorum commit ({@code ANY 1}) a commit is acknowledged once one
   * replica has it: promoting another would lose it.
   */
  java.util.OptionalLong walPosition(Node replica);

  /**
   * Promotes a PostgreSQL replica to primary and waits until it accepts writes. Under synchronous
   * replication it then waits for the other data nodes as the first primary did. The other
   * replicas keep streaming from whom they did: see {@link #follow} and {@link #rejoin}.
   */
  void promote(Node replica);

  /**
   * Makes a running PostgreSQL replica stream from {@code primary} (a promoted node) through its
   * own replication link to it, following the new timeline. It must not have replayed past the
   * point where that timeline forked (a replica ahead of the one promoted cannot): then {@link
   * #upstream} stays empty and only {@link #rejoin} brings it back.
   */
  void follow(Node replica, Node primary);

  /**
   * Brings a PostgreSQL node back as {@code primary}'s replica whatever its WAL holds: stopped
   * (a fenced old primary is already down), rewound with pg_rewind to where its timeline forked
   * from {@code primary}'s (what it alone had, acknowledged or not, is discarded), then started
   * streaming through its replication link. Waits until it answers.
   */
  void rejoin(Node node, Node primary);

  /**
   * The primary a PostgreSQL replica streams from now: asked of its WAL receiver (mapped through
   * the replication link it is connected to), and only if it receives the timeline that primary
   * writes; empty when it streams from nowhere.
   */
  Optional<Node> upstream(Node replica);

  /** Stops every process and proxy; deletes the nodes' data but keeps configs and logs. */
  @Override
  void close();
}
