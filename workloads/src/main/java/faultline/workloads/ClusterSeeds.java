package faultline.workloads;

import faultline.environments.Endpoint;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How Redis clients find a Cluster's shards: the nodes to ask for the slot map (their client
 * proxies), and the route from an address the cluster hands out (a node's announced peer proxy,
 * in CLUSTER SLOTS and in redirects) to the client proxy of the same node.
 */
public record ClusterSeeds(List<Endpoint> endpoints, UnaryOperator<Endpoint> route) {

  public ClusterSeeds {
    if (endpoints.isEmpty()) throw new IllegalArgumentException("no cluster nodes to ask");
    endpoints = List.copyOf(endpoints);
  }
}
