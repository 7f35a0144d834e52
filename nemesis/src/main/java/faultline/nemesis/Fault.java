package faultline.nemesis;

import faultline.environments.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One kind of fault a schedule may choose, by the name users give {@code --nemesis}: the op that
 * starts it (its f and value) and the op that ends it.
 *
 * <p>Names: {@code partition} (a random shape) or {@code partition-isolate}, {@code -primary},
 * {@code -halves}, {@code -ring}; {@code kill}, {@code kill-primary}, {@code pause},
 * {@code pause-primary}; {@code failover} (isolate the primary) or {@code failover-kill}; and the
 * link faults {@code latency}, {@code timeout}, {@code drop-replies}, {@code reset-peer}, {@code bandwidth},
 * {@code slicer}, {@code limit-data}, {@code link-down}, each on any link or, after a colon, on
 * {@code clients}, {@code peers} or one proxy ({@code timeout:clients}, {@code link-down:n2_to_n1}).
 */
public record Fault(String name, String startF, Object startValue, String stopF) {

  /** Parses a comma-separated list, as {@code --nemesis} takes it; "none" or empty is no fault. */
  public static List<Fault> parseAll(String names) {
    List<Fault> faults = new ArrayList<>();
    if (names == null || names.isBlank() || names.trim().equals("none")) return faults;
    for (String name : names.split(",")) faults.add(parse(name.trim()));
    return faults;
  }

  public static Fault parse(String name) {
    if (name.equals("partition")) return partition(name, PartitionShape.RANDOM);
    if (name.startsWith("partition-")) {
      PartitionShape shape = PartitionShape.byId(name.substring("partition-".length()));
      return partition(name, shape);
    }
    for (ProcessFault p : ProcessFault.values()) {
      if (name.equals(p.id())) return new Fault(name, p.startF(), ProcessNemesis.RANDOM, p.stopF());
      if (name.equals(p.id() + "-primary")) return new Fault(name, p.startF(), ProcessNemesis.PRIMARY, p.stopF());
    }
    if (name.equals("failover")) return new Fault(name, FailoverNemesis.START, FailoverNemesis.ISOLATE, FailoverNemesis.STOP);
    if (name.equals("failover-kill")) return new Fault(name, FailoverNemesis.START, FailoverNemesis.KILL, FailoverNemesis.STOP);
    int colon = name.indexOf(':');
    String id = colon < 0 ? name : name.substring(0, colon);
    String target = colon < 0 ? LinkTargets.ANY : name.substring(colon + 1);
    if (target.isEmpty()) throw new IllegalArgumentException("no link after ':' in '" + name + "'");
    LinkFault link;
    try {
      link = LinkFault.byId(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown fault '" + name + "'; known: " + known());
    }
    return new Fault(name, LinkFaultNemesis.startF(link), target, LinkFaultNemesis.stopF(link));
  }

  private static Fault partition(String name, PartitionShape shape) {
    return new Fault(name, PartitionNemesis.START, shape.id(), PartitionNemesis.STOP);
  }

  /** Every name {@link #parse} takes, for messages. */
  public static String known() {
    List<String> names = new ArrayList<>(List.of("partition", "partition-isolate", "partition-primary", "partition-halves",
        "partition-ring", "kill", "kill-primary", "pause", "pause-primary", "failover", "failover-kill"));
    Arrays.stream(LinkFault.values()).forEach(f -> names.add(f.id() + "[:clients|:peers|:PROXY]"));
    return String.join(", ", names);
  }

  /**
   * Whether this fault, in {@code topology}, cuts single pairs of nodes on a proxy that several
   * peers share (Redis announces one address per node), which takes iptables ({@link PacketFilter}).
   */
  public boolean needsPacketFilter(Topology topology) {
    boolean sharedPeerLinks = topology == Topology.REDIS_SENTINEL || topology == Topology.REDIS_CLUSTER;
    if (!sharedPeerLinks) return false;
    if (startF.equals(PartitionNemesis.START)) return true;
    return startF.equals(FailoverNemesis.START) && topology == Topology.REDIS_CLUSTER && !FailoverNemesis.KILL.equals(startValue);
  }

  /**
   * Why this fault cannot run in {@code topology}, or empty when it can. Checked before an
   * environment starts, so that a bad --nemesis is a usage error, not a run full of failed faults.
   */
  public Optional<String> unsupportedIn(Topology topology) {
    boolean oneNode = topology == Topology.REDIS_SINGLE || topology == Topology.PG_SINGLE;
    if (startF.equals(PartitionNemesis.START) && oneNode) return Optional.of(name + " needs more than one node; " + topology + " has one");
    if (startF.equals(FailoverNemesis.START) && !FailoverNemesis.supports(topology)) {
      return Optional.of(name + " needs redis-sentinel, redis-cluster or pg-replicated, not " + topology);
    }
    if (startF.equals(FailoverNemesis.START) && topology == Topology.PG_REPLICATED && FailoverNemesis.KILL.equals(startValue)) {
      return Optional.of("failover-kill is Sentinel's; on pg-replicated use failover");
    }
    // A ring cuts single pairs of nodes: Redis' shared peer links take a packet filter for that
    // (PacketFilter), which the nemesis checks when it starts one; here only the node count.
    boolean fourNodesOrMore = topology == Topology.REDIS_SENTINEL || topology == Topology.REDIS_CLUSTER;
    if (startF.equals(PartitionNemesis.START) && PartitionShape.RING.id().equals(startValue) && !fourNodesOrMore) {
      return Optional.of("partition-ring needs at least 4 nodes (redis-sentinel, redis-cluster), not " + topology);
    }
    if (startF.startsWith("start-") && LinkTargets.PEERS.equals(startValue) && oneNode) {
      return Optional.of(name + ": " + topology + " has no links between nodes");
    }
    return Optional.empty();
  }
}
