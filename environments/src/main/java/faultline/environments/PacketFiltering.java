package faultline.environments;

import java.util.Optional;

/**
 * An environment whose nodes connect to their peers from addresses of their own on this machine,
 * so that a packet filter (iptables) can cut one pair of nodes on a proxy that several peers share.
 * Redis announces one address per node, so in Sentinel and Cluster topologies every peer reaches a
 * node through the same proxy: only a filter cuts a single pair there.
 */
public interface PacketFiltering {

  /** The name of the environment's own filter chain: every rule it holds is this environment's. */
  String chain();

  /**
   * Why this environment's pairs cannot be told apart by a filter (an address off this machine's
   * loopback), or empty. Whether the filter program itself is there is the filter's to say.
   */
  Optional<String> unavailable();
}
