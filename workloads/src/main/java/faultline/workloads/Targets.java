package faultline.workloads;

import faultline.environments.Endpoint;
import java.util.List;
import java.util.Optional;

/**
 * Where clients connect: the primary, which takes writes, and the replicas that reads may be sent
 * to. Endpoints are the environment's client proxies, so a nemesis can cut or slow them.
 *
 * <p>With {@code sentinels}, {@code primary} is only where the primary was at the start: Redis
 * clients ask the sentinels where it is now. With {@code cluster}, there is a primary per shard
 * and clients route each key to the shard that owns its slot; {@code primary} is then the first
 * seed, only used to see that the cluster answers. PostgreSQL clients find the primary by asking
 * the nodes themselves (see {@code PostgresClients}).
 */
public record Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Optional<ClusterSeeds> cluster) {

  public Targets {
    replicas = List.copyOf(replicas);
    if (sentinels.isPresent() && cluster.isPresent()) throw new IllegalArgumentException("sentinels or a cluster, not both");
  }

  public Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels) {
    this(primary, replicas, sentinels, Optional.empty());
  }

  public Targets(Endpoint primary, List<Endpoint> replicas) {
    this(primary, replicas, Optional.empty(), Optional.empty());
  }

  /** A Redis Cluster's shards, found through {@code seeds}. */
  public static Targets cluster(ClusterSeeds seeds) {
    return new Targets(seeds.endpoints().get(0), List.of(), Optional.empty(), Optional.of(seeds));
  }
}
