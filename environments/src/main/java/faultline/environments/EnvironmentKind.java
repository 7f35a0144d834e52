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
          ClockControl.class)),
  /*
   * Containers: processes controlled through the hosts, peers through this machine's Toxiproxy,
   * pairs cut by this machine's iptables. The preload libraries of disk stalls and clock faults
   * are not put into the containers (yet).
   */
  DOCKER("docker", "a container per node and sentinel on a network of the run's own, from faultline's Debian image or --image, behind this machine's Toxiproxy",
      Set.of(ProcessControl.class, PostgresReplication.class, RedisFailover.class, PacketFiltering.class)),
  EXTERNAL("external", "servers faultline did not start (--endpoint), reached through its own Toxiproxy: only the clients' links",
      Set.of());

  private final String id;
  private final String description;
  private final Set<Class<?>> capabilities;

  EnvironmentKind(String id, String description, Set<Class<?>> capabilities) {
    this.id = id;
    this.description = description;
    this.capabilities = capabilities;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
  }

  /** Whether an environment of this kind laying {@code topology} offers {@code capability}: both must allow it. */
  public boolean offers(Topology topology, Class<?> capability) {
    return capabilities.contains(capability) && topology.offers(capability);
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
