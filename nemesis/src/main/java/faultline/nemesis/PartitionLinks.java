package faultline.nemesis;

import faultline.environments.Link;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies to cut for a {@link Grudge}. A replication link belongs to one pair of nodes and is
 * cut exactly when its pair is. A peer or cluster-bus link is shared by every node that reaches
 * its node (Redis announces one address per node), so it can only be cut for all of them: it is
 * cut when most of them are cut from its node, and the result says the cut is not exact when some
 * disagreed. Client links are never part of a partition: clients stay with the nodes they talk to,
 * as Jepsen's clients do.
 */
public record PartitionLinks(List<Link> cut, boolean exact) {

  public static PartitionLinks of(Grudge grudge, List<Link> links, List<String> nodes) {
    List<Link> cut = new ArrayList<>();
    boolean exact = true;
    for (Link link : links) {
      String to = link.to().name();
      switch (link.kind()) {
        case CLIENT -> { }
        case REPLICATION -> {
          if (grudge.cuts(link.from(), to)) cut.add(link);
        }
        case PEER, CLUSTER_BUS -> {
          long users = nodes.stream().filter(n -> !n.equals(to)).count();
          long cutOff = nodes.stream().filter(n -> !n.equals(to) && grudge.cuts(n, to)).count();
          if (cutOff * 2 > users) cut.add(link);
          if (cutOff != 0 && cutOff != users) exact = false;
        }
      }
    }
    return new PartitionLinks(List.copyOf(cut), exact);
  }

  public List<String> names() {
    return cut.stream().map(Link::name).toList();
  }
}
