package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import java.util.Optional;

/**
 * {@link PacketFiltering} of a local environment: every node and proxy on this machine's loopback,
 * each node connecting from its own address (bind-source-addr), so iptables rules on loopback can
 * drop one pair's packets.
 */
final class LocalPacketFiltering implements PacketFiltering {
  private final LocalEnvironment env;

  LocalPacketFiltering(LocalEnvironment env) {
    this.env = env;
  }

  @Override
  public String chain() {
    return FilterChains.nameFor(env.toxiproxyApi());
  }

  @Override
  public Optional<String> unavailable() {
    for (Node node : env.nodes()) {
      if (!isLoopback(node.address())) return Optional.of(node.name() + " is not on this machine's loopback (" + node.address() + ")");
    }
    for (Link link : env.links()) {
      if (!isLoopback(link.listen())) return Optional.of("proxy " + link.name() + " is not on this machine's loopback");
    }
    return Optional.empty();
  }

  private static boolean isLoopback(Endpoint endpoint) {
    return endpoint.host().startsWith("127.");
  }
}
