package faultline.workloads;

import faultline.environments.Credentials;
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
 *
 * <p>{@code credentials} are what every connection presents, to nodes and sentinels alike: the
 * environment's ({@code Environment.credentials()}), whose servers refuse anyone without them.
 *
 * <p>{@code database} is the PostgreSQL database the clients use ({@code Environment.database()}).
 */
public record Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Optional<ClusterSeeds> cluster,
    Credentials credentials, String database) {

  public Targets {
    replicas = List.copyOf(replicas);
    if (sentinels.isPresent() && cluster.isPresent()) throw new IllegalArgumentException("sentinels or a cluster, not both");
    if (credentials == null) throw new IllegalArgumentException("credentials are required: the servers refuse clients without them");
  }

  public Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Optional<ClusterSeeds> cluster,
      Credentials credentials) {
    this(primary, replicas, sentinels, cluster, credentials, "postgres");
  }

  /** The same targets in PostgreSQL's {@code database}. */
  public Targets inDatabase(String database) {
    return new Targets(primary, replicas, sentinels, cluster, credentials, database);
  }

  public Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Credentials credentials) {
    this(primary, replicas, sentinels, Optional.empty(), credentials);
  }

  public Targets(Endpoint primary, List<Endpoint> replicas, Credentials credentials) {
    this(primary, replicas, Optional.empty(), Optional.empty(), credentials);
  }

  /** A Redis Cluster's shards, found through {@code seeds}. */
  public static Targets cluster(ClusterSeeds seeds, Credentials credentials) {
    return new Targets(seeds.endpoints().get(0), List.of(), Optional.empty(), Optional.of(seeds), credentials);
  }
}
