package faultline.nemesis;

import com.google.gson.JsonObject;
import eu.rekawek.toxiproxy.Proxy;
import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Nodes and links shaped as the local environment builds them (same names, kinds and addresses),
 * with no process or proxy behind them: for planning partitions without servers. The proxies are
 * toxiproxy-java's own objects, made from the JSON the server would send, and never called.
 */
final class OfflineLinks {
  final List<Node> nodes = new ArrayList<>();
  final List<Link> links = new ArrayList<>();
  private int nextPort = 40000;

  /** n1..n3 and s1..s3, each with a client and a (shared) peer link, as redis-sentinel. */
  static OfflineLinks sentinel() {
    OfflineLinks t = new OfflineLinks();
    for (String name : List.of("n1", "n2", "n3", "s1", "s2", "s3")) {
      Node node = t.node(name, name.startsWith("s") ? Role.SENTINEL : name.equals("n1") ? Role.PRIMARY : Role.REPLICA);
      t.link(Link.CLIENTS, node, Link.Kind.CLIENT);
      t.link(Link.PEERS, node, Link.Kind.PEER);
    }
    return t;
  }

  /** n1..n6, each with a client, a peer and a cluster-bus link, as redis-cluster. */
  static OfflineLinks cluster() {
    OfflineLinks t = new OfflineLinks();
    for (int i = 1; i <= 6; i++) {
      Node node = t.node("n" + i, i <= 3 ? Role.PRIMARY : Role.REPLICA);
      t.link(Link.CLIENTS, node, Link.Kind.CLIENT);
      t.link(Link.PEERS, node, Link.Kind.PEER);
      t.link(Link.PEERS, node, Link.Kind.CLUSTER_BUS);
    }
    return t;
  }

  /** n1..n3 with a replication link per ordered pair, as redis-replicated. */
  static OfflineLinks replicated() {
    OfflineLinks t = new OfflineLinks();
    for (int i = 1; i <= 3; i++) t.link(Link.CLIENTS, t.node("n" + i, i == 1 ? Role.PRIMARY : Role.REPLICA), Link.Kind.CLIENT);
    for (Node from : t.nodes) {
      for (Node to : t.nodes) {
        if (from != to) t.link(from.name(), to, Link.Kind.REPLICATION);
      }
    }
    return t;
  }

  List<String> names() {
    return nodes.stream().map(Node::name).toList();
  }

  Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  /** The link {@code kind} to {@code to} (of {@code from} for replication links). */
  Link link(Link.Kind kind, String to) {
    return links.stream().filter(l -> l.kind() == kind && l.to().name().equals(to)).findFirst().orElseThrow();
  }

  private Node node(String name, Role role) {
    Node node = new PlainNode(name, role, new Endpoint("127.0.0." + (11 + nodes.size()), role == Role.SENTINEL ? 26379 : 6379));
    nodes.add(node);
    return node;
  }

  private void link(String from, Node to, Link.Kind kind) {
    String name = switch (kind) {
      case CLIENT -> "clients_to_" + to.name();
      case PEER -> "peers_to_" + to.name();
      case REPLICATION -> from + "_to_" + to.name();
      case CLUSTER_BUS -> "bus_to_" + to.name();
    };
    Endpoint listen = new Endpoint("127.0.0.10", nextPort++);
    JsonObject json = new JsonObject();
    json.addProperty("name", name);
    json.addProperty("listen", listen.toString());
    json.addProperty("upstream", to.address().toString());
    json.addProperty("enabled", true);
    links.add(new Link(from, to, kind, listen, new Proxy(null, "/proxies/" + name, json)));
  }

  /** A node that is only a name, a role and an address. */
  private record PlainNode(String name, Role role, Endpoint address) implements Node {
    @Override public Path directory() { throw new UnsupportedOperationException("offline"); }
    @Override public Path logFile() { throw new UnsupportedOperationException("offline"); }
    @Override public boolean isRunning() { return false; }
    @Override public OptionalLong pid() { return OptionalLong.empty(); }
  }
}
