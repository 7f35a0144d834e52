package faultline.nemesis;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import java.util.Optional;

/**
 * One pair of nodes cut by the {@link PacketFilter}, both ways, while every other pair stays: on
 * one machine, {@code from} cut off a proxy of {@code to}'s that other nodes keep using (a {@link
 * Link.Kind#PEER} or {@link Link.Kind#CLUSTER_BUS} proxy, which Toxiproxy can only cut for all);
 * where peers reach each other directly (hosts apart), the two nodes themselves ({@code link}
 * empty).
 */
record PairCut(Node from, Node to, Optional<Link> link) {

  /** {@code from} cut off the shared proxy {@code link}. */
  PairCut(Node from, Link link) {
    this(from, link.to(), Optional.of(link));
  }

  /** Two nodes that reach each other directly. */
  PairCut(Node from, Node to) {
    this(from, to, Optional.empty());
  }

  PacketFiltering.Pair pair() {
    return new PacketFiltering.Pair(from, to, link);
  }

  /** As the op's value shows it: "n1 -> peers_to_n4", or "n1 -> n4" between nodes that reach each other directly. */
  @Override
  public String toString() {
    return from.name() + " -> " + link.map(Link::name).orElse(to.name());
  }
}
