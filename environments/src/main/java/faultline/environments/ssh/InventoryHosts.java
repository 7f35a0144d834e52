package faultline.environments.ssh;

import faultline.environments.Endpoint;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.host.Host;
import faultline.environments.nodes.Hosts;
import faultline.environments.nodes.Programs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The inventory's hosts as a deployment's {@link Hosts}: data nodes n1, n2, ... on the hosts that
 * may carry data (a {@code primary} host first, then the others in the inventory's order; a host
 * whose only role is {@code sentinel} carries none), sentinels s1, s2, s3 on the {@code sentinel}
 * hosts, or on the data hosts in turn when there are none (on their own ports there). Each server
 * listens on its conventional port at its host's address, the next one up when another node of the
 * run has it on that host. Programs are Debian's packages' (redis-server, postgresql).
 */
final class InventoryHosts implements Hosts {
  private final List<SshHost> dataHosts;
  private final List<SshHost> sentinelHosts;
  private final Map<String, Programs> postgres = new HashMap<>();
  private final Map<String, Set<Integer>> taken = new HashMap<>();

  private InventoryHosts(List<SshHost> dataHosts, List<SshHost> sentinelHosts) {
    this.dataHosts = dataHosts;
    this.sentinelHosts = sentinelHosts;
  }

  /**
   * How {@code topology} lies on {@code hosts}, or an IllegalArgumentException naming the
   * inventory and what is missing (too few hosts that may carry data).
   */
  static InventoryHosts of(Inventory inventory, Topology topology, List<SshHost> hosts) {
    List<SshHost> data = new ArrayList<>();
    hosts.stream().filter(h -> has(h, Role.PRIMARY)).forEach(data::add);
    hosts.stream().filter(h -> !data.contains(h) && (h.entry().roles().isEmpty() || has(h, Role.REPLICA))).forEach(data::add);
    List<SshHost> sentinels = hosts.stream().filter(h -> has(h, Role.SENTINEL)).toList();
    if (data.size() < topology.dataNodes()) {
      throw new IllegalArgumentException("inventory " + inventory.file() + ": topology " + topology.id() + " needs "
          + topology.dataNodes() + " hosts for data (roles primary, replica, or none), the inventory has " + data.size());
    }
    return new InventoryHosts(List.copyOf(data), sentinels.isEmpty() ? List.copyOf(data) : sentinels);
  }

  static InventoryHosts of(Inventory inventory, List<SshHost> hosts) {
    return of(inventory, inventory.topology(), hosts);
  }

  private static boolean has(SshHost host, Role role) {
    return host.entry().roles().contains(role.name().toLowerCase(Locale.ROOT));
  }

  /** n1, n2, ... on the data hosts in order; s1, s2, ... on the sentinel hosts in turn. */
  @Override
  public Host hostFor(String name, int index) {
    int number = Integer.parseInt(name.substring(1)) - 1;
    return name.startsWith("s") ? sentinelHosts.get(number % sentinelHosts.size()) : dataHosts.get(number);
  }

  @Override
  public synchronized Endpoint port(Host host, int conventional) {
    Set<Integer> ports = taken.computeIfAbsent(host.name(), h -> new HashSet<>());
    int port = conventional;
    while (!ports.add(port)) port++;
    return new Endpoint(host.address(), port);
  }

  @Override
  public Programs redis(Host host) {
    return DebianPrograms.redis(host);
  }

  @Override
  public synchronized Programs postgres(Host host) {
    return postgres.computeIfAbsent(host.name(), h -> DebianPrograms.postgres(host));
  }

  /** Every host that carries a node, each once. */
  List<SshHost> used() {
    Set<SshHost> all = new java.util.LinkedHashSet<>(dataHosts);
    all.addAll(sentinelHosts);
    return List.copyOf(all);
  }
}
