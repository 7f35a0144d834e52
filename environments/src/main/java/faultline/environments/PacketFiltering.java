package faultline.environments;

import java.util.List;
import java.util.Optional;

/**
 * Cutting single pairs of nodes with a packet filter (iptables), as Jepsen partitions nodes: a
 * pair's packets vanish both ways, every other pair's pass. Where peers share proxies (Redis
 * announces one address per node, so in Sentinel and Cluster topologies every peer reaches a node
 * through the same proxy), rules on this machine's loopback tell the pairs apart by the nodes' own
 * source addresses; where peers reach each other directly (hosts apart), the rules are on the
 * hosts. The rules live in one chain of the environment's own, made by {@link #cut} and removed
 * whole by {@link #clear}.
 */
public interface PacketFiltering {

  /**
   * One pair to cut: {@code from} and {@code to}, both ways. {@code via} is the proxy of {@code to}
   * that {@code from} shares with others, where peers go through proxies; empty where they do not.
   */
  record Pair(Node from, Node to, Optional<Link> via) {}

  /** The name of the environment's own filter chain: every rule it holds is this environment's. */
  String chain();

  /** Why pairs cannot be cut here (no iptables, no rights, an address the filter cannot tell apart), or empty. */
  Optional<String> unavailable();

  /**
   * Drops the packets of exactly {@code pairs}: the chain is made afresh (whatever an earlier,
   * interrupted cut left in it goes). Throws IllegalStateException if the filter refuses; the
   * caller then {@link #clear()}s.
   */
  void cut(List<Pair> pairs);

  /** Removes the chain and its rules; how many rules it held, or empty when there was none. */
  Optional<Integer> clear();

  /** The chain, if it is there ("iptables chain C (N rule(s))"): a leftover once every cut is healed. */
  Optional<String> leftover();
}
