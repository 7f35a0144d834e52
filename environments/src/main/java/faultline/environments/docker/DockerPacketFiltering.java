package faultline.environments.docker;

import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import faultline.environments.local.LocalPacketFiltering;
import java.util.List;
import java.util.Optional;

/**
 * {@link PacketFiltering} of a docker environment, on this machine: every node a container with
 * its own address on the run's network, every proxy on this machine's address there (the
 * gateway), so a pair's packets pass this machine's iptables (a container's to the proxy arrive
 * through INPUT, the proxy's answers leave through OUTPUT; {@link FilterChains} hooks both) and
 * the same rules as a local run's ({@link LocalPacketFiltering#rules}) cut exactly that pair. No
 * rule goes into a container: nothing there needs NET_ADMIN for it. The chain is named after the
 * JVM and the run's subnet, which the engine gives one network at a time.
 */
final class DockerPacketFiltering implements PacketFiltering {
  private final DockerEnvironment env;
  private final String gateway;
  private final Iptables iptables = Iptables.system();
  private final FilterChains chains = new FilterChains(iptables);

  DockerPacketFiltering(DockerEnvironment env, String gateway) {
    this.env = env;
    this.gateway = gateway;
  }

  /** {@code FAULTLINE-<pid>-d<third octet of the subnet>}: within iptables' 28 characters. */
  @Override
  public String chain() {
    return chainFor(gateway);
  }

  static String chainFor(String gateway) {
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
    return iptables.unavailable();
  }

  @Override
  public void cut(List<Pair> pairs) {
    String chain = chain();
    chains.remove(chain);
    chains.create(chain);
    for (Pair pair : pairs) {
      for (List<String> rule : LocalPacketFiltering.rules(pair)) chains.append(chain, rule);
    }
  }

  @Override
  public Optional<Integer> clear() {
    return chains.remove(chain());
  }

  @Override
  public Optional<String> leftover() {
    String chain = chain();
    return chains.rules(chain).map(rules -> "iptables chain " + chain + " (" + rules.size() + " rule(s))");
  }
}
