package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@link PacketFiltering} with this machine's iptables: every node and proxy where this machine's
 * rules see their packets (a local environment's loopback; a docker run's network, whose proxies
 * listen on its gateway here), each node connecting from its own address (bind-source-addr), so a
 * rule can drop one pair's packets. A rule matches the node's own address and the shared proxy's
 * listen port, so the proxy's other users, and the proxy's own hop to its node, pass untouched. The
 * chain is named after the environment rather than remembered, so a heal after an interrupted fault
 * finds it.
 */
public final class LocalPacketFiltering implements PacketFiltering {
  /**
   * Where nodes and proxies must be for this machine's rules to see a pair's packets, and how a
   * message names that place.
   */
  public record Reach(String where, Predicate<Endpoint> node, Predicate<Endpoint> proxy) {
    /** A local environment's: this machine's loopback (127.x). */
    public static final Reach LOOPBACK = new Reach("this machine's loopback", Reach::isLoopback, Reach::isLoopback);

    private static boolean isLoopback(Endpoint endpoint) {
      return endpoint.host().startsWith("127.");
    }
  }

  private final Environment env;
  private final Iptables iptables;
  private final FilterChains chains;
  private final String chain;
  private final Reach reach;

  /** With {@code iptables} (tests give one that is missing), the chain's name, and where the pairs must be. */
  public LocalPacketFiltering(Environment env, Iptables iptables, String chain, Reach reach) {
    this.env = env;
    this.iptables = iptables;
    this.chains = new FilterChains(iptables);
    this.chain = chain;
    this.reach = reach;
  }

  /** A local environment's: on loopback, its chain named after its Toxiproxy ({@link FilterChains#nameFor}). */
  public LocalPacketFiltering(Environment env, Iptables iptables) {
    this(env, iptables, FilterChains.nameFor(env.toxiproxyApi()), Reach.LOOPBACK);
  }

  LocalPacketFiltering(Environment env) {
    this(env, Iptables.system());
  }

  @Override
  public String chain() {
    return chain;
  }

  @Override
  public Optional<String> unavailable() {
    for (Node node : env.nodes()) {
      if (!reach.node().test(node.address())) return Optional.of(node.name() + " is not on " + reach.where() + " (" + node.address() + ")");
    }
    for (Link link : env.links()) {
      if (!reach.proxy().test(link.listen())) return Optional.of("proxy " + link.name() + " is not on " + reach.where());
    }
    return iptables.unavailable();
  }

  @Override
  public void cut(List<Pair> pairs) {
    chains.remove(chain);
    chains.create(chain);
    for (Pair pair : pairs) {
      for (List<String> rule : rules(pair)) chains.append(chain, rule);
    }
  }

  @Override
  public Optional<Integer> clear() {
    return chains.remove(chain);
  }

  @Override
  public Optional<String> leftover() {
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
}
