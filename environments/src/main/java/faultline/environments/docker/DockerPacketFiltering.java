package faultline.environments.docker;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.local.FilterChains;
import java.util.Optional;

/**
 * {@link PacketFiltering} of a docker environment: every node a container with its own address
 * on the run's network, every proxy on this machine's address there (the gateway), so a pair's
 * packets pass this machine's iptables (a container's to the proxy arrive through INPUT, the
 * proxy's answers leave through OUTPUT) and the same rules as a local run's cut exactly that
 * pair. The chain is named after the JVM and the run's subnet, which the engine gives one
 * network at a time.
 */
final class DockerPacketFiltering implements PacketFiltering {
  private final DockerEnvironment env;
  private final String gateway;

  DockerPacketFiltering(DockerEnvironment env, String gateway) {
    this.env = env;
    this.gateway = gateway;
  }

  /** {@code FAULTLINE-<pid>-d<third octet of the subnet>}: within iptables' 28 characters. */
  @Override
  public String chain() {
    return FilterChains.PREFIX + ProcessHandle.current().pid() + "-d" + gateway.split("\\.")[2];
  }

  @Override
  public Optional<String> unavailable() {
    String network = gateway.substring(0, gateway.lastIndexOf('.') + 1);
    for (Node node : env.nodes()) {
      if (!node.address().host().startsWith(network)) return Optional.of(node.name() + " is not on the run's network (" + node.address() + ")");
    }
    for (Link link : env.links()) {
      if (!link.listen().host().equals(gateway)) return Optional.of("proxy " + link.name() + " is not on the run's gateway " + gateway);
    }
    return Optional.empty();
  }
}
