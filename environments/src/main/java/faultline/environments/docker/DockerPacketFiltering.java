package faultline.environments.docker;

import faultline.environments.PacketFiltering;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import faultline.environments.local.LocalPacketFiltering;

/**
 * {@link PacketFiltering} of a docker environment, on this machine: every node a container with
 * its own address on the run's network, every proxy on this machine's address there (the
 * gateway), so a pair's packets pass this machine's iptables (a container's to the proxy arrive
 * through INPUT, the proxy's answers leave through OUTPUT; {@link FilterChains} hooks both) and
 * the same rules as a local run's ({@link LocalPacketFiltering#rules}) cut exactly that pair. No
 * rule goes into a container: nothing there needs NET_ADMIN for it. The chain is named after the
 * JVM and the run's subnet, which the engine gives one network at a time.
 */
final class DockerPacketFiltering {
  private DockerPacketFiltering() {}

  /** The run's filtering: this machine's iptables, its pairs on the run's network and its proxies on the gateway. */
  static PacketFiltering of(DockerEnvironment env, String gateway) {
    String network = gateway.substring(0, gateway.lastIndexOf('.') + 1);
    return new LocalPacketFiltering(env, Iptables.system(), chainFor(gateway), new LocalPacketFiltering.Reach(
        "the run's network " + network + "0/24, proxies on its gateway " + gateway,
        node -> node.host().startsWith(network), proxy -> proxy.host().equals(gateway)));
  }

  /** {@code FAULTLINE-<pid>-d<third octet of the subnet>}: within iptables' 28 characters. */
  static String chainFor(String gateway) {
    return FilterChains.PREFIX + ProcessHandle.current().pid() + "-d" + gateway.split("\\.")[2];
  }
}
