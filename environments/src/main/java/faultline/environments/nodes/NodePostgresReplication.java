package faultline.environments.nodes;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PostgresReplication;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link PostgresReplication} of a pg-replicated deployment: its nodes, through its replication proxies. */
final class NodePostgresReplication implements PostgresReplication {
  private final Deployment env;

  NodePostgresReplication(Deployment env) {
    this.env = env;
  }

  @Override
  public OptionalLong walPosition(Node replica) {
    if (!(replica instanceof PostgresNode pg)) throw new UnsupportedOperationException("WAL positions are PostgreSQL's");
    return pg.walPosition();
  }

  /**
   * Under synchronous replication the promoted node waits for the other data nodes as the first
   * primary did ({@code ANY 1} of them), from its first commit on: set before it leaves recovery.
   */
  @Override
  public void promote(Node replica) {
    PostgresNode pg = postgres(replica, "promote");
    if (env.replication().isSynchronous()) {
      List<String> others = env.nodes().stream().filter(n -> n instanceof PostgresNode && n != pg).map(Node::name).toList();
      pg.synchronousCommit(env.replication().standbyNames(others), env.replication().synchronousCommit());
    }
    pg.promote();
  }

  @Override
  public void follow(Node replica, Node primary) {
    postgres(replica, "follow").follow(replicationLink(replica, primary).listen());
  }

  @Override
  public void rejoin(Node node, Node primary) {
    PostgresRejoin.rejoin(postgres(node, "rejoin"), postgres(primary, "rejoin"), replicationLink(node, primary).listen());
  }

  /**
   * Connected through the link is not enough: a replica that cannot follow a new primary's
   * timeline streams the old one from it up to the fork, again and again. It must receive the
   * timeline that node writes now.
   */
  @Override
  public Optional<Node> upstream(Node replica) {
    Optional<PostgresNode.Receiver> receiver = postgres(replica, "upstream").receiver();
    if (receiver.isEmpty()) return Optional.empty();
    return env.linksAndRoutes().stream()
        .filter(l -> l.kind() == Link.Kind.REPLICATION && l.listen().equals(receiver.get().sender()))
        .map(Link::to)
        .filter(sender -> sender instanceof PostgresNode pg && pg.timeline().equals(OptionalLong.of(receiver.get().timeline())))
        .findFirst();
  }

  private static PostgresNode postgres(Node node, String what) {
    if (node instanceof PostgresNode pg) return pg;
    throw new UnsupportedOperationException(
        what + " is for PostgreSQL nodes; Redis replicas are moved by Sentinel or Cluster failovers");
  }

  private Link replicationLink(Node from, Node to) {
    return env.link(from.name(), to).filter(l -> l.kind() == Link.Kind.REPLICATION)
        .orElseThrow(() -> new IllegalStateException("no replication link from " + from.name() + " to " + to.name()));
  }
}
