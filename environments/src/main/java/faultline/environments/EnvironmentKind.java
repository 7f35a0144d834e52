package faultline.environments;

import faultline.checker.UnknownName;
import java.util.Arrays;
import java.util.Set;

/**
 * Where a topology's servers run, each kind declared once with what it can offer: the one place
 * that says which capability (and so which fault) fits which topology on which kind. A topology
 * says what its shape allows ({@link Topology#offers}); a kind says what its hosts allow; a fault
 * runs only where both do ({@link #offers}), and {@code faultline run} refuses the rest before
 * anything starts.
 */
public enum EnvironmentKind {
  LOCAL("local", "processes of this machine, each node on a loopback address of the run's own block, behind Toxiproxy",
      Set.of(ProcessControl.class, PostgresReplication.class, RedisFailover.class, PacketFiltering.class, DiskStall.class,
          ClockControl.class), true),
  /*
   * Containers: processes controlled through the hosts, peers through this machine's Toxiproxy on
   * the run network's gateway (so link faults apply as locally), pairs cut by this machine's
   * iptables. The preload libraries of disk stalls and clock faults are not put into the
   * containers (yet).
   */
  DOCKER("docker", "a container per node and sentinel on a network of the run's own, from faultline's Debian image or --image, behind this machine's Toxiproxy",
      Set.of(ProcessControl.class, PostgresReplication.class, RedisFailover.class, PacketFiltering.class), true),
  EXTERNAL("external", "servers faultline did not start (--endpoint), reached through its own Toxiproxy: only the clients' links",
      Set.of(), true),
  /*
   * Peers talk directly between the hosts (a proxy on this machine would put every peer's packets
   * through it): partitions and failovers cut pairs of nodes with iptables on the hosts, and only
   * the clients' links are proxies. The preload libraries would have to be built on every host.
   */
  SSH("ssh", "the hosts of an inventory (--inventory), over SSH: Debian's servers, iptables on the hosts, Toxiproxy here in front of the clients",
      Set.of(ProcessControl.class, PostgresReplication.class, RedisFailover.class, PacketFiltering.class), false);

  private final String id;
  private final String description;
  private final Set<Class<?>> capabilities;
  private final boolean peersThroughProxies;

  EnvironmentKind(String id, String description, Set<Class<?>> capabilities, boolean peersThroughProxies) {
    this.id = id;
    this.description = description;
    this.capabilities = capabilities;
    this.peersThroughProxies = peersThroughProxies;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** The capabilities its hosts allow (a topology may allow fewer): for the docs' table. */
  public Set<Class<?>> capabilities() {
    return capabilities;
  }

  /** Whether an environment of this kind laying {@code topology} offers {@code capability}: both must allow it. */
  public boolean offers(Topology topology, Class<?> capability) {
    if (!capabilities.contains(capability)) return false;
    // Without peer proxies every cut between servers is a filter's, wherever there are two nodes.
    if (capability == PacketFiltering.class && !peersThroughProxies) return !topology.isExternal() && topology.partitionableNodes() > 1;
    return topology.offers(capability);
  }

  /**
   * Whether the links between servers (peers, replication, cluster bus) are Toxiproxy proxies, so
   * that link faults can target them; otherwise only the clients' links are.
   */
  public boolean peersThroughProxies() {
    return peersThroughProxies;
  }

  /** Whether this kind can lay {@code topology} at all: the external topologies are external's alone. */
  public boolean lays(Topology topology) {
    return topology.isExternal() == (this == EXTERNAL);
  }

  /** The kind a topology runs on when none is named: external for the external topologies, else local. */
  public static EnvironmentKind defaultFor(Topology topology) {
    return topology.isExternal() ? EXTERNAL : LOCAL;
  }

  /** The kind named {@code id}, or an exception naming the nearest. */
  public static EnvironmentKind byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            UnknownName.message("environment kind", id, Arrays.stream(values()).map(EnvironmentKind::id).toList())));
  }

  @Override
  public String toString() {
    return id;
  }
}
