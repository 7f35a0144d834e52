package faultline.workloads;

import faultline.environments.Endpoint;
import java.util.List;

/**
 * Where clients connect: the primary, which takes writes, and the replicas that reads may be sent
 * to. Endpoints are the environment's client proxies, so a nemesis can cut or slow them.
 */
public record Targets(Endpoint primary, List<Endpoint> replicas) {

  public Targets {
    replicas = List.copyOf(replicas);
  }
}
