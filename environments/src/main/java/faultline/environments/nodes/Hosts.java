package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.host.Host;

/**
 * What an environment kind supplies to lay a topology ({@link Deployment}): a host for each node,
 * a port there for its server, and where that host keeps the server programs. The local
 * environment gives each node this machine at an address of its loopback block; a docker one
 * would give each a container, an SSH one an inventory host.
 */
public interface Hosts {

  /** The host of the node {@code name}, the {@code index}-th of its topology (from 0); it is the node's alone. */
  Host hostFor(String name, int index);

  /**
   * A port on {@code host} for a server that conventionally listens on {@code conventional} (6379,
   * 5432, a cluster bus port): that one where it is free, else one the host has free.
   */
  Endpoint port(Host host, int conventional);

  /** Where {@code host} keeps redis-server. */
  Programs redis(Host host);

  /** Where {@code host} keeps PostgreSQL's programs. */
  Programs postgres(Host host);
}
