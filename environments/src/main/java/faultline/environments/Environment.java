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

  /** Where its servers run; what it can offer is {@link EnvironmentKind#offers} of this and its topology. */
  default EnvironmentKind kind() {
    return EnvironmentKind.defaultFor(topology());
  }

  /** Where the nodes keep their data, configuration and logs. */
  Path runDirectory();

  /** Every node, sentinels included, in start order: n1, n2, ..., s1, s2, ... */
  List<Node> nodes();

  /** The node named {@code name}, or an exception naming the nodes there are. */
  default Node node(String name) {
    return nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + name + " in " + topology()
            + "; nodes: " + nodes().stream().map(Node::name).toList()));
  }

  /**
   * What every client must present to this environment's servers (and its sentinels): the
   * servers require a password, random per run, kept in the run folder ({@link Credentials#FILE}).
   */
  Credentials credentials();

  /** The PostgreSQL database clients use: {@code postgres}, or the one an external endpoint names. */
  default String database() {
    return "postgres";
  }

  /** Every proxy of the environment. */
  List<Link> links();

  /**
   * The link {@code from} uses to reach {@code to}: {@code from} is a node's name (its own
   * replication link), {@link Link#PEERS} (the link all peers share) or {@link Link#CLIENTS}.
   */
  default Optional<Link> link(String from, Node to) {
    return links().stream().filter(l -> l.from().equals(from) && l.to().equals(to)).findFirst();
  }

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
   * What this environment can do beyond nodes and links, found at run time as Jepsen's optional
   * protocols are ({@code (satisfies? db/Kill db)}): {@link ProcessControl}, {@link
   * PostgresReplication}, {@link RedisFailover}, {@link PacketFiltering}. Empty when it cannot;
   * an environment implements what it can and never throws for the rest.
   */
  <T> Optional<T> capability(Class<T> type);

  /** {@link #capability} for what a caller cannot go on without: an exception naming what is missing. */
  default <T> T require(Class<T> type) {
    return capability(type).orElseThrow(() -> new UnsupportedOperationException(
        topology() + " does not offer " + type.getSimpleName()));
  }

  /** Stops every process and proxy; deletes the nodes' data but keeps configs and logs. */
  @Override
  void close();
}
