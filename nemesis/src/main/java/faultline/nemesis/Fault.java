package faultline.nemesis;

import faultline.checker.UnknownName;
import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import faultline.environments.Link;
import faultline.environments.PacketFiltering;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of fault a schedule may choose, by the name users give {@code --nemesis}: the op that
 * starts it (its f and value) and the op that ends it.
 *
 * <p>Names: {@code partition} (a random shape) or {@code partition-isolate}, {@code -primary},
 * {@code -halves}, {@code -ring}; {@code kill}, {@code kill-primary}, {@code pause},
 * {@code pause-primary}; {@code failover} (isolate the primary) or {@code failover-kill}; and the
 * link faults {@code latency}, {@code timeout}, {@code drop-replies}, {@code reset-peer}, {@code bandwidth},
 * {@code slicer}, {@code limit-data}, {@code link-down}, each on any link or, after a colon, on
 * {@code clients}, {@code peers} or one proxy ({@code timeout:clients}, {@code link-down:n2_to_n1}); and
 * {@code disk-stall}, {@code disk-stall-primary}, {@code disk-stall-kill}, {@code disk-stall-kill-primary}, each
 * with an optional delay in ms after a colon, 1 to 60,000, default 3,000 ({@code disk-stall-kill:5000}; see
 * {@link DiskStallNemesis}); {@code clock-skew}, {@code clock-skew-primary}, {@code clock-jump}, {@code clock-jump-primary},
 * each with an optional signed offset in ms after a colon, 1 to 3,600,000 either way, default +5,000 for a skew
 * and +60,000 for a jump ({@code clock-jump:-30000}; see {@link ClockNemesis}); and {@code client-pause}, one
 * worker of the load frozen inside an operation, between two of its steps (see {@link ClientPauseNemesis}).
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
    if (name.startsWith("disk-stall")) return diskStall(name);
    if (name.startsWith("clock-")) return clock(name);
    if (name.equals("client-pause")) return new Fault(name, ClientPauseNemesis.START, ProcessNemesis.RANDOM, ClientPauseNemesis.STOP);
    int colon = name.indexOf(':');
    String id = colon < 0 ? name : name.substring(0, colon);
    String target = colon < 0 ? LinkTargets.ANY : name.substring(colon + 1);
    if (target.isEmpty()) throw new IllegalArgumentException("no link after ':' in '" + name + "'");
    LinkFault link;
    try {
      link = LinkFault.byId(id);
    } catch (IllegalArgumentException e) {
      throw unknown(name);
    }
    return new Fault(name, LinkFaultNemesis.startF(link), target, LinkFaultNemesis.stopF(link));
  }

  private static final Pattern DISK_STALL = Pattern.compile("disk-stall(-kill)?(-primary)?(?::(\\d{1,9}))?");

  private static Fault diskStall(String name) {
    Matcher m = DISK_STALL.matcher(name);
    if (!m.matches()) throw unknown(name);
    long delay = m.group(3) == null ? DiskStallNemesis.DEFAULT_DELAY_MS : Long.parseLong(m.group(3));
    if (delay < 1 || delay > DiskStall.MAX.toMillis()) {
      throw new IllegalArgumentException("the delay of " + name + " must be 1 to " + DiskStall.MAX.toMillis() + " ms");
    }
    String node = m.group(2) == null ? ProcessNemesis.RANDOM : ProcessNemesis.PRIMARY;
    return new Fault(name, DiskStallNemesis.START, DiskStallNemesis.value(node, delay, m.group(1) != null), DiskStallNemesis.STOP);
  }

  private static final Pattern CLOCK = Pattern.compile("clock-(skew|jump)(-primary)?(?::([+-]?\\d{1,9}))?");

  private static Fault clock(String name) {
    Matcher m = CLOCK.matcher(name);
    if (!m.matches()) throw unknown(name);
    boolean skew = m.group(1).equals("skew");
    long offset = m.group(3) == null ? (skew ? ClockNemesis.DEFAULT_SKEW_MS : ClockNemesis.DEFAULT_JUMP_MS) : Long.parseLong(m.group(3));
    if (offset == 0 || Math.abs(offset) > ClockControl.MAX.toMillis()) {
      throw new IllegalArgumentException("the offset of " + name + " must be 1 to " + ClockControl.MAX.toMillis() + " ms, either way (-MS: behind)");
    }
    String node = m.group(2) == null ? ProcessNemesis.RANDOM : ProcessNemesis.PRIMARY;
    return skew
        ? new Fault(name, ClockNemesis.START_SKEW, ClockNemesis.value(node, offset), ClockNemesis.STOP_SKEW)
        : new Fault(name, ClockNemesis.START_JUMP, ClockNemesis.value(node, offset), ClockNemesis.STOP_JUMP);
  }

  private static Fault partition(String name, PartitionShape shape) {
    return new Fault(name, PartitionNemesis.START, shape.id(), PartitionNemesis.STOP);
  }

  /**
   * The refusal of {@code name}: the nearest fault (its link target kept, as in
   * {@code latncy:clients}), else every name {@link #parse} takes.
   */
  private static IllegalArgumentException unknown(String name) {
    int colon = name.indexOf(':');
    String base = colon < 0 ? name : name.substring(0, colon);
    String target = colon < 0 ? "" : name.substring(colon);
    List<String> names = new ArrayList<>(List.of("partition", "partition-isolate", "partition-primary", "partition-halves",
        "partition-ring", "kill", "kill-primary", "pause", "pause-primary", "failover", "failover-kill", "disk-stall",
        "disk-stall-kill", "disk-stall-primary", "disk-stall-kill-primary", "clock-skew", "clock-skew-primary", "clock-jump",
        "clock-jump-primary", "client-pause"));
    Arrays.stream(LinkFault.values()).forEach(f -> names.add(f.id()));
    return new IllegalArgumentException(UnknownName.nearest(base, names)
        .map(n -> "unknown fault '" + name + "'; did you mean " + n + target + "?")
        .orElse("unknown fault '" + name + "'; known: " + known()));
  }

  /** Every name {@link #parse} takes, for messages. */
  public static String known() {
    List<String> names = new ArrayList<>(List.of("partition", "partition-isolate", "partition-primary", "partition-halves",
        "partition-ring", "kill", "kill-primary", "pause", "pause-primary", "failover", "failover-kill",
        "disk-stall[-kill][-primary][:MS]", "clock-skew[-primary][:±MS]", "clock-jump[-primary][:±MS]", "client-pause"));
    Arrays.stream(LinkFault.values()).forEach(f -> names.add(f.id() + "[:clients|:peers|:PROXY]"));
    return String.join(", ", names);
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
    // Peer links are shared exactly where the topology offers packet filtering to tell pairs apart.
    if (!topology.offers(PacketFiltering.class)) return false;
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
    boolean oneNode = topology.partitionableNodes() == 1;
    if (startF.equals(PartitionNemesis.START) && oneNode) return Optional.of(name + " needs more than one node; " + topology + " has one");
    if (startF.equals(FailoverNemesis.START)) {
      Optional<String> why = FailoverNemesis.unsupported(topology, startValue);
      if (why.isPresent()) return Optional.of(why.get().startsWith("needs") ? name + " " + why.get() : why.get());
    }
    if (needsDiskStall() && !topology.offers(DiskStall.class)) return Optional.of(name + " needs disk stalls, which " + topology + " lacks");
    if (needsClockControl() && !topology.offers(ClockControl.class)) return Optional.of(name + " needs clock control, which " + topology + " lacks");
    boolean kills = isProcessFault() || needsDiskStall() && startValue instanceof java.util.Map<?, ?> v && Boolean.TRUE.equals(v.get("kill"));
    if (kills && !topology.offers(ProcessControl.class)) {
      return Optional.of(name + " needs process control, which " + topology + " lacks");
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
