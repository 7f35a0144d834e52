package faultline.nemesis;

import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to cut exactly the pairs of a {@link Grudge}: which proxies to disable and which pairs to
 * filter. A replication link belongs to one pair of nodes: its proxy is disabled when its pair is
 * cut. A peer or cluster-bus link is shared by every other node (Redis announces one address per
 * node): its proxy is disabled when every one of them is cut from its node, and otherwise each
 * node that is cut from it becomes a {@link PairCut} for the {@link PacketFilter}. Client links
 * are never part of a partition: clients stay with the nodes they talk to, as Jepsen's clients do.
 *
 * @param cut the proxies to disable
 * @param filtered the pairs to cut on shared proxies that stay up for the other nodes
 */
record PartitionLinks(List<Link> cut, List<PairCut> filtered) {

  /**
   * The cut of {@code grudge} in {@code env}: on its proxies as {@link #of(Grudge, List, List)}
   * says where peers go through proxies; where they reach each other directly (hosts apart), every
   * pair the grudge separates is a {@link PairCut} for the filter, each pair once.
   */
  static PartitionLinks of(Grudge grudge, Environment env) {
    if (env.kind().peersThroughProxies()) return of(grudge, env.links(), env.nodes());
    List<Node> nodes = env.nodes();
    List<PairCut> filtered = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        Node a = nodes.get(i);
        Node b = nodes.get(j);
        if (grudge.cuts(a.name(), b.name()) || grudge.cuts(b.name(), a.name())) filtered.add(new PairCut(a, b));
      }
    }
    return new PartitionLinks(List.of(), List.copyOf(filtered));
  }

  static PartitionLinks of(Grudge grudge, List<Link> links, List<? extends Node> nodes) {
    List<Link> cut = new ArrayList<>();
    List<PairCut> filtered = new ArrayList<>();
    for (Link link : links) {
      String to = link.to().name();
      switch (link.kind()) {
        case CLIENT -> { }
        case REPLICATION -> {
          if (grudge.cuts(link.from(), to)) cut.add(link);
        }
        case PEER, CLUSTER_BUS -> {
          List<? extends Node> users = nodes.stream().filter(n -> !n.name().equals(to)).toList();
          List<? extends Node> cutOff = users.stream().filter(n -> grudge.cuts(n.name(), to)).toList();
          if (!cutOff.isEmpty() && cutOff.size() == users.size()) cut.add(link);
          else cutOff.forEach(n -> filtered.add(new PairCut(n, link)));
        }
      }
    }
    return new PartitionLinks(List.copyOf(cut), List.copyOf(filtered));
  }

  List<String> names() {
    return cut.stream().map(Link::name).toList();
  }

  List<String> filteredNames() {
    return filtered.stream().map(PairCut::toString).toList();
  }

  /** Why {@code filter} cannot cut the pairs this takes, or empty (also when it takes none). */
  Optional<String> unavailableWith(PacketFilter filter) {
    return filtered.isEmpty() ? Optional.empty() : filter.unavailable();
  }

  /**
   * Cuts it: the filtered pairs by {@code filter}, then the proxies. Throws at the first step
   * refused; the caller undoes what was done (a heal, or its own restore).
   */
  void applyTo(Environment env, PacketFilter filter) throws IOException {
    if (!filtered.isEmpty()) filter.cut(filtered);
    for (Link link : cut) env.toxiproxy().getProxy(link.name()).disable();
  }
}
