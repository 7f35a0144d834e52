package faultline.workloads;

import faultline.environments.Endpoint;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How Redis clients find the primary in a Sentinel deployment: the sentinels to ask, the name
 * they monitor the primary under, and the route from an address a sentinel names (the one the
 * primary announces to its peers) to the proxy clients must use for it.
 */
public record Sentinels(List<Endpoint> endpoints, String master, UnaryOperator<Endpoint> route) {

  public Sentinels {
    if (endpoints.isEmpty()) throw new IllegalArgumentException("no sentinels to ask");
    endpoints = List.copyOf(endpoints);
  }
}
