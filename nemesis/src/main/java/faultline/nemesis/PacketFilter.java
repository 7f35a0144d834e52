package faultline.nemesis;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.PacketFiltering;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import java.util.List;
import java.util.Optional;

/**
 * Cuts {@link PairCut}s with iptables DROP rules on loopback, the way Jepsen partitions nodes: a
 * pair's packets vanish in both directions, so each side meets silence (established connections
 * stall, new ones time out), never a refusal. A rule matches the node's own address (Redis nodes
 * connect from it: bind-source-addr) and the proxy's listen port, so the proxy's other users, and
 * the proxy's own hop to its node, pass untouched.
 *
 * <p>The rules live in one chain per environment ({@link FilterChains#nameFor}), made when a
 * partition needs it and removed whole by {@link #clear()}. Its name follows from the environment
 * rather than from memory, so a heal or a leftover check after an interrupted fault finds it.
 */
final class PacketFilter {
  private final String topology;
  private final Iptables iptables;
  private final FilterChains chains;
  private final String chain;

  private final Optional<PacketFiltering> filtering;

  PacketFilter(Environment env, Iptables iptables) {
    this.iptables = iptables;
    this.chains = new FilterChains(iptables);
    this.filtering = env.capability(PacketFiltering.class);
    // Without the capability there is no chain to make, but a heal still looks for one by name.
    this.chain = filtering.map(PacketFiltering::chain).orElse(FilterChains.nameFor(env.toxiproxyApi()));
    this.topology = env.topology().id();
  }

  /** The filter of {@code env} with this machine's iptables. */
  static PacketFilter of(Environment env) {
    return new PacketFilter(env, Iptables.system());
  }

  String chain() {
    return chain;
  }

  /** Why pairs cannot be cut here, or empty when they can. */
  Optional<String> unavailable() {
    if (filtering.isEmpty()) return Optional.of(topology + " offers no packet filtering");
    Optional<String> environment = filtering.get().unavailable();
    return environment.isPresent() ? environment : iptables.unavailable();
  }

  /**
   * Drops the packets of exactly {@code pairs}: the chain is made afresh (whatever an earlier,
   * interrupted partition left in it goes) and holds two rules per pair. Throws
   * IllegalStateException if iptables refuses; the caller then {@link #clear()}s.
   */
  void cut(List<PairCut> pairs) {
    chains.remove(chain);
    chains.create(chain);
    for (PairCut pair : pairs) {
      for (List<String> rule : rules(pair)) chains.append(chain, rule);
    }
  }

  /** Removes the chain and its rules; the number of rules it held, or empty if there was none. */
  Optional<Integer> clear() {
    return chains.remove(chain);
  }

  /** The chain, if it is there: a leftover once every partition is healed. */
  Optional<String> leftover() {
    return chains.rules(chain).map(rules -> "iptables chain " + chain + " (" + rules.size() + " rule(s))");
  }

  /**
   * The two rules that cut {@code pair}, as iptables arguments after {@code -A chain}: the node's
   * packets to the proxy, and the proxy's packets back to the node, so a TCP flow is cut both ways
   * (a handshake gets no answer; an established connection neither sends nor hears).
   */
  static List<List<String>> rules(PairCut pair) {
    String node = pair.from().address().host();
    Endpoint proxy = pair.link().listen();
    String port = Integer.toString(proxy.port());
    return List.of(
        List.of("-s", node, "-d", proxy.host(), "-p", "tcp", "--dport", port, "-j", "DROP"),
        List.of("-s", proxy.host(), "-d", node, "-p", "tcp", "--sport", port, "-j", "DROP"));
  }
}
