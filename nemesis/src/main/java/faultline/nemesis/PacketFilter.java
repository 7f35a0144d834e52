package faultline.nemesis;

import faultline.environments.Environment;
import faultline.environments.PacketFiltering;
import java.util.List;
import java.util.Optional;

/**
 * Cuts {@link PairCut}s with the environment's packet filter ({@link PacketFiltering}: iptables
 * on this machine's loopback for a local environment, on the hosts for an ssh one), the way Jepsen
 * partitions nodes: a pair's packets vanish in both directions, so each side meets silence
 * (established connections stall, new ones time out), never a refusal. An environment without the
 * capability cuts nothing and has nothing to clear.
 */
final class PacketFilter {
  private final String topology;
  private final Optional<PacketFiltering> filtering;

  private PacketFilter(Environment env, Optional<PacketFiltering> filtering) {
    this.filtering = filtering;
    this.topology = env.topology().id();
  }

  /** With a given filtering: tests use one whose iptables is missing. */
  PacketFilter(Environment env, PacketFiltering filtering) {
    this(env, Optional.of(filtering));
  }

  /** The filter of {@code env}: its capability, when it offers one. */
  static PacketFilter of(Environment env) {
    return new PacketFilter(env, env.capability(PacketFiltering.class));
  }

  /** The environment's chain, for messages; "(none)" without the capability. */
  String chain() {
    return filtering.map(PacketFiltering::chain).orElse("(none)");
  }

  /** Why pairs cannot be cut here, or empty when they can. */
  Optional<String> unavailable() {
    if (filtering.isEmpty()) return Optional.of(topology + " offers no packet filtering");
    return filtering.get().unavailable();
  }

  /**
   * Drops the packets of exactly {@code pairs} (and of no earlier cut). Throws
   * IllegalStateException if the filter refuses; the caller then {@link #clear()}s.
   */
  void cut(List<PairCut> pairs) {
    PacketFiltering f = filtering.orElseThrow(() -> new IllegalStateException(topology + " offers no packet filtering"));
    f.cut(pairs.stream().map(PairCut::pair).toList());
  }

  /**
   * Cuts {@code pairs} where peers reach each other directly (a failover's isolation there),
   * or throws IllegalStateException saying why the filter cannot; the pairs as an op's value shows them.
   */
  List<String> cutOrSayWhy(List<PairCut> pairs) {
    Optional<String> why = unavailable();
    if (why.isPresent()) throw new IllegalStateException("cutting " + pairs.get(0) + ", ... takes a packet filter: " + why.get());
    cut(pairs);
    return pairs.stream().map(PairCut::toString).toList();
  }

  /** Removes the chain and its rules; the number of rules it held, or empty if there was none. */
  Optional<Integer> clear() {
    return filtering.flatMap(PacketFiltering::clear);
  }

  /** The chain, if it is there: a leftover once every partition is healed. */
  Optional<String> leftover() {
    return filtering.flatMap(PacketFiltering::leftover);
  }
}
