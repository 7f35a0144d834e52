package faultline.environments;

import eu.rekawek.toxiproxy.Proxy;

/**
 * A Toxiproxy proxy in front of {@link #to()}: the only way that {@link #from()} reaches it. A
 * nemesis cuts the link by disabling the proxy, or degrades it with toxics.
 *
 * @param from who connects through the proxy: a node's name, or {@link #CLIENTS}
 * @param to the node the proxy forwards to
 * @param kind what traffic the link carries
 * @param listen where the proxy listens
 * @param proxy the Toxiproxy handle of the proxy; null for a route between servers that reach each
 *     other directly (an environment kind without peer proxies), which no environment lists as a link
 */
public record Link(String from, Node to, Kind kind, Endpoint listen, Proxy proxy) {

  /** The {@link #from()} of the links that clients use. */
  public static final String CLIENTS = "clients";

  /** The {@link #from()} of a link shared by every peer of a node (see {@link Kind#PEER}). */
  public static final String PEERS = "peers";

  /** What flows over a link. */
  public enum Kind {
    /** Clients' commands and queries. */
    CLIENT,
    /**
     * The address a Redis node announces to its peers (replica-announce-ip, sentinel announce-ip,
     * cluster-announce-ip): Redis has one announced address per node, so sentinels, replicas
     * reconfigured by a failover, and cluster replicas all share it.
     */
    PEER,
    /** One replica's own link to one node it may stream from. */
    REPLICATION,
    /** Redis Cluster's node-to-node bus (gossip and failure detection). */
    CLUSTER_BUS
  }

  /** The proxy's name in Toxiproxy. */
  public String name() {
    return proxy == null ? from + "_to_" + to.name() : proxy.getName();
  }

  @Override
  public String toString() {
    return name() + " (" + from + " -> " + to.name() + ", " + kind + ") " + listen + " -> " + to.address();
  }
}
