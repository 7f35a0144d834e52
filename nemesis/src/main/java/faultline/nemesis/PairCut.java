package faultline.nemesis;

import faultline.environments.Link;
import faultline.environments.Node;

/**
 * One node cut off one proxy that other nodes keep using: a pair of nodes ({@code from} and the
 * link's node) separated on a link Redis makes them share (a {@link Link.Kind#PEER} or
 * {@link Link.Kind#CLUSTER_BUS} proxy). Toxiproxy cannot do it; a {@link PacketFilter} can.
 */
record PairCut(Node from, Link link) {

  /** As the op's value shows it: "n1 -> peers_to_n4". */
  @Override
  public String toString() {
    return from.name() + " -> " + link.name();
  }
}
