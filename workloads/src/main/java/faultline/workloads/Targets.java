package faultline.workloads;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
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
 *
 * <p>{@code cache}, in a topology of both databases ({@code cache-aside}), is the Redis node that
 * caches what the PostgreSQL {@code primary} holds, through its own client proxy; it takes the same
 * credentials (Redis's AUTH the password alone).
 */
public record Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Optional<ClusterSeeds> cluster,
    Credentials credentials, String database, Optional<Endpoint> cache) {

  public Targets {
    replicas = List.copyOf(replicas);
    if (sentinels.isPresent() && cluster.isPresent()) throw new IllegalArgumentException("sentinels or a cluster, not both");
    if (cache == null) cache = Optional.empty();
    if (credentials == null) throw new IllegalArgumentException("credentials are required: the servers refuse clients without them");
  }

  public Targets(Endpoint primary, List<Endpoint> replicas, Optional<Sentinels> sentinels, Optional<ClusterSeeds> cluster,
      Credentials credentials) {
    this(primary, replicas, sentinels, cluster, credentials, "postgres", Optional.empty());
  }

  /** The same targets in PostgreSQL's {@code database}. */
  public Targets inDatabase(String database) {
    return new Targets(primary, replicas, sentinels, cluster, credentials, database, cache);
  }

  /** The same targets with {@code cache}, the Redis node in front of the database. */
  public Targets withCache(Endpoint cache) {
    return new Targets(primary, replicas, sentinels, cluster, credentials, database, Optional.of(cache));
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

  /**
   * Where the clients of a run on {@code env} connect: a cluster's seeds, or the primary now, the
   * replicas and (redis-sentinel) the sentinels, all through their client proxies; an
   * IllegalStateException when there is no single primary.
   */
  public static Targets of(Environment env) {
    if (env.topology() == Topology.REDIS_CLUSTER) {
      // Clients ask any node for the slot map, and map the peer addresses it names to client proxies.
      List<Endpoint> seeds = env.nodes().stream().map(env::clientEndpoint).toList();
      return cluster(new ClusterSeeds(seeds, env::clientRoute), env.credentials());
    }
    Node primary = env.primary().orElseThrow(() -> new IllegalStateException(env.topology() + " has no single primary"));
    List<Node> replicas = env.nodes().stream().filter(n -> n.role() == Role.REPLICA).toList(); // the cache is a primary: none
    // Sentinel-aware clients ask the sentinels (through their client proxies) where the primary is.
    List<Endpoint> sentinels = env.nodes().stream().filter(n -> n.role() == Role.SENTINEL).map(env::clientEndpoint).toList();
    Optional<Sentinels> asking = sentinels.isEmpty() ? Optional.empty()
        : Optional.of(new Sentinels(sentinels, LocalEnvironment.SENTINEL_MASTER_NAME, env::clientRoute));
    Targets targets = new Targets(env.clientEndpoint(primary), replicas.stream().map(env::clientEndpoint).toList(), asking, env.credentials())
        .inDatabase(env.database());
    Optional<String> cache = env.topology().cache();
    return cache.isEmpty() ? targets : targets.withCache(env.clientEndpoint(env.node(cache.get())));
  }
}
