package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import java.util.List;
import java.util.Optional;

/**
 * {@link PacketFiltering} of a local environment: every node and proxy on this machine's loopback,
 * each node connecting from its own address (bind-source-addr), so iptables rules on loopback can
 * drop one pair's packets. A rule matches the node's own address and the shared proxy's listen
 * port, so the proxy's other users, and the proxy's own hop to its node, pass untouched. The chain
 * is named after the environment ({@link FilterChains#nameFor}) rather than remembered, so a heal
 * after an interrupted fault finds it.
 */
public final class LocalPacketFiltering implements PacketFiltering {
  private final Environment env;
  private final Iptables iptables;
  private final FilterChains chains;

  /** With {@code iptables}: tests give one that is missing. */
  public LocalPacketFiltering(Environment env, Iptables iptables) {
    this.env = env;
    this.iptables = iptables;
    this.chains = new FilterChains(iptables);
  }

  LocalPacketFiltering(Environment env) {
    this(env, Iptables.system());
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
    return iptables.unavailable();
  }

  @Override
  public void cut(List<Pair> pairs) {
    String chain = chain();
    chains.remove(chain);
    chains.create(chain);
    for (Pair pair : pairs) {
      for (List<String> rule : rules(pair)) chains.append(chain, rule);
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

  /**
   * The two rules that cut {@code pair}, as iptables arguments after {@code -A chain}: the node's
   * packets to the proxy, and the proxy's packets back to the node, so a TCP flow is cut both ways
   * (a handshake gets no answer; an established connection neither sends nor hears).
   */
  public static List<List<String>> rules(Pair pair) {
    Link link = pair.via().orElseThrow(() -> new IllegalArgumentException(
        "on one machine a pair is cut on the proxy it shares: " + pair.from().name() + " to " + pair.to().name() + " has none"));
    String node = pair.from().address().host();
    Endpoint proxy = link.listen();
    String port = Integer.toString(proxy.port());
    return List.of(
        List.of("-s", node, "-d", proxy.host(), "-p", "tcp", "--dport", port, "-j", "DROP"),
        List.of("-s", proxy.host(), "-d", node, "-p", "tcp", "--sport", port, "-j", "DROP"));
  }

  private static boolean isLoopback(Endpoint endpoint) {
    return endpoint.host().startsWith("127.");
  }
}
