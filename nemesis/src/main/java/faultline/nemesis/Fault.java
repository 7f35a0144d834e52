package faultline.nemesis;

import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import faultline.environments.EnvironmentKind;
import faultline.environments.Link;
import faultline.environments.PacketFiltering;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One fault a schedule may choose, by the name users give {@code --nemesis}: the op that starts it
 * (its f and value) and the op that ends it. The names, what each does and how it is read are
 * declared in {@link Faults}.
 */
public record Fault(String name, String startF, Object startValue, String stopF) {

  /** Parses a comma-separated list, as {@code --nemesis} takes it; "none" or empty is no fault. */
  public static List<Fault> parseAll(String names) {
    List<Fault> faults = new ArrayList<>();
    if (names == null || names.isBlank() || names.trim().equals("none")) return faults;
    for (String name : names.split(",")) faults.add(parse(name.trim()));
    return faults;
  }

  /** The fault {@code name} names, as {@link Faults} declares it; an exception naming the nearest when unknown. */
  public static Fault parse(String name) {
    return Faults.parse(name);
  }

  /** Whether this fault stalls disks: the environment must then be started with the disk-stall library. */
  public boolean needsDiskStall() {
    return startF.equals(DiskStallNemesis.START);
  }

  /** Whether this fault sets clocks: the environment must then be started with the clock-offset library. */
  public boolean needsClockControl() {
    return ClockNemesis.starts(startF);
  }

  private boolean isLinkFault() {
    for (LinkFault l : LinkFault.values()) if (startF.equals(LinkFaultNemesis.startF(l))) return true;
    return false;
  }

  private boolean isProcessFault() {
    for (ProcessFault p : ProcessFault.values()) if (startF.equals(p.startF())) return true;
    return false;
  }

  /**
   * Whether this fault, in {@code topology}, cuts single pairs of nodes on a proxy that several
   * peers share (Redis announces one address per node), which takes iptables ({@link PacketFilter}).
   */
  public boolean needsPacketFilter(Topology topology) {
    return needsPacketFilter(topology, EnvironmentKind.defaultFor(topology));
  }

  /** {@link #needsPacketFilter(Topology)} on an environment of {@code kind}. */
  public boolean needsPacketFilter(Topology topology, EnvironmentKind kind) {
    // Peer links are shared exactly where the topology offers packet filtering to tell pairs apart.
    if (!kind.offers(topology, PacketFiltering.class)) return false;
    if (startF.equals(PartitionNemesis.START)) return true;
    // A cluster failover cuts the primary's own connections to its peers; Sentinel's cuts its one peer proxy.
    return startF.equals(FailoverNemesis.START) && topology.redisFailover().filter(m -> m == RedisFailover.Mechanism.CLUSTER).isPresent()
        && !FailoverNemesis.KILL.equals(startValue);
  }

  /**
   * Why this fault cannot run in {@code topology}, or empty when it can. Checked before an
   * environment starts, so that a bad --nemesis is a usage error, not a run full of failed faults.
   */
  public Optional<String> unsupportedIn(Topology topology) {
    return unsupportedIn(topology, EnvironmentKind.defaultFor(topology));
  }

  /**
   * Why this fault cannot run in {@code topology} laid on an environment of {@code kind}, or empty
   * when it can: what the topology's shape allows and what the kind's hosts allow, both from
   * {@link EnvironmentKind#offers}.
   */
  public Optional<String> unsupportedIn(Topology topology, EnvironmentKind kind) {
    if (!kind.lays(topology)) return Optional.of(kind + " environments do not run " + topology);
    String where = kind == EnvironmentKind.defaultFor(topology) ? topology.toString() : topology + " on " + kind;
    if (topology.isExternal()) {
      // Only the clients' proxies are faultline's there; the capability checks below refuse the rest.
      if (startF.equals(ClientPauseNemesis.START)) return Optional.empty();
      if (startF.equals(PartitionNemesis.START)) return Optional.of(name + " cuts links between servers, which " + topology + " does not give faultline");
      if (isLinkFault()) {
        String target = (String) startValue;
        if (target.equals(LinkTargets.ANY) || target.equals(LinkTargets.CLIENTS) || target.startsWith(Link.CLIENTS + "_to_n")) return Optional.empty();
        return Optional.of(name + ": " + topology + " has only the clients' links (clients, any, clients_to_nK), no link between servers");
      }
    }
    if (!kind.peersThroughProxies() && isLinkFault()) {
      // Servers there reach each other directly; only the clients' links are proxies to degrade.
      String target = (String) startValue;
      if (!(target.equals(LinkTargets.ANY) || target.equals(LinkTargets.CLIENTS) || target.startsWith(Link.CLIENTS + "_to_"))) {
        return Optional.of(name + ": on " + kind + " servers reach each other directly; only the clients' links are proxies (clients, any, clients_to_nK)");
      }
    }
    boolean oneNode = topology.partitionableNodes() == 1;
    if (startF.equals(PartitionNemesis.START) && oneNode) return Optional.of(name + " needs more than one node; " + topology + " has one");
    if (startF.equals(FailoverNemesis.START)) {
      Optional<String> why = FailoverNemesis.unsupported(topology, kind, startValue);
      if (why.isPresent()) return Optional.of(why.get().startsWith("needs") ? name + " " + why.get() : why.get());
    }
    if (needsDiskStall() && !kind.offers(topology, DiskStall.class)) return Optional.of(name + " needs disk stalls, which " + where + " lacks");
    if (needsClockControl() && !kind.offers(topology, ClockControl.class)) return Optional.of(name + " needs clock control, which " + where + " lacks");
    boolean kills = isProcessFault() || needsDiskStall() && startValue instanceof java.util.Map<?, ?> v && Boolean.TRUE.equals(v.get("kill"));
    if (kills && !kind.offers(topology, ProcessControl.class)) {
      return Optional.of(name + " needs process control, which " + where + " lacks");
    }
    // A ring cuts single pairs of nodes: Redis' shared peer links take a packet filter for that
    // (PacketFilter), which the nemesis checks when it starts one; here only the node count.
    if (startF.equals(PartitionNemesis.START) && PartitionShape.RING.id().equals(startValue) && topology.partitionableNodes() < 4) {
      return Optional.of("partition-ring needs at least 4 nodes (redis-sentinel, redis-cluster), not " + topology);
    }
    if (startF.startsWith("start-") && LinkTargets.PEERS.equals(startValue) && oneNode) {
      return Optional.of(name + ": " + topology + " has no links between nodes");
    }
    if (isLinkFault() && !LinkTargets.isGroup((String) startValue) && !topology.linkNames().contains((String) startValue)) {
      // A name that matches no link would make every such fault fail, and a run that tested nothing.
      return Optional.of(name + ": no link of " + topology + " is named '" + startValue + "' (use clients, peers, any, or one of "
          + String.join(", ", topology.linkNames()) + ")");
    }
    return Optional.empty();
  }
}
