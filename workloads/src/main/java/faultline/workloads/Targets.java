package faultline.workloads;

import faultline.environments.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * Where clients connect: the primary, which takes writes, and the replicas that reads may be sent
 * to. Endpoints are the environment's client proxies, so a nemesis can cut or slow them.
 *
 * <p>With {@code sentinels}, {@code primary} is only where the primary was at the start: Redis
 * clients ask the sentinels where it is now. PostgreSQL clients find it by asking the nodes
 * themselves (see {@code PostgresClients}).
 */
public record Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels) {

  public Targets {
    replicas = List.copyOf(replicas);
  }

  public Targets(Endpoint primary, List<Endpoint> replicas) {
    this(primary, replicas, Optional.empty());
  }
}
