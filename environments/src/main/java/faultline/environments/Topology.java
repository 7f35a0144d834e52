package faultline.environments;

import faultline.checker.UnknownName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The topology registry: the shapes of deployment faultline can start, by the names users type,
 * each declared once with what it starts. Help, docs and the refusal of an unknown name read it.
 */
public enum Topology {
  REDIS_SINGLE("redis-single", "one Redis node", "n1"),
  REDIS_REPLICATED("redis-replicated", "a Redis primary and 2 asynchronous replicas", "n1 primary, n2 n3 asynchronous replicas"),
  REDIS_SENTINEL("redis-sentinel", "a Redis primary, 2 replicas and 3 sentinels (quorum 2)",
      "n1 primary, n2 n3 replicas, s1..s3 sentinels (quorum 2, down after 1 s, failover timeout 3 s)"),
  REDIS_CLUSTER("redis-cluster", "a Redis Cluster of 3 primaries and 3 replicas",
      "n1..n3 primaries (slots in thirds), n4..n6 their replicas (node timeout 2 s)"),
  PG_SINGLE("pg-single", "one PostgreSQL node", "n1"),
  PG_REPLICATED("pg-replicated", "a PostgreSQL primary and 2 streaming replicas",
      "n1 primary, n2 n3 streaming replicas from pg_basebackup (or a low-level base backup: Server versions, below); `--sync on` or `remote_apply` sets "
          + "`synchronous_standby_names = 'ANY 1 (n2, n3)'` on the primary (and on a promoted node, naming the other two); "
          + "`wal_log_hints = on` on every node, for `pg_rewind`"),
  /** Both databases: PostgreSQL holds the truth and Redis caches it ({@link #cache()}); the primary is the PostgreSQL node. */
  CACHE_ASIDE("cache-aside", "a PostgreSQL node (the truth) and a Redis node (its cache), each behind its own client proxy",
      "n1 PostgreSQL, n2 Redis (the cache); `clients_to_n1` and `clients_to_n2` are separate links"),
  /** Servers faultline did not start and cannot control, reached at {@code --endpoint} (see {@link #isExternal()}). */
  REDIS_EXTERNAL("redis-external", "Redis servers faultline did not start, at the addresses --endpoint gives",
      "n1, n2, ... one per --endpoint, in the order given"),
  PG_EXTERNAL("pg-external", "PostgreSQL servers faultline did not start, at the addresses --endpoint gives",
      "n1, n2, ... one per --endpoint, in the order given");

  private final String id;
  private final String description;
  private final String nodes;

  Topology(String id, String description, String nodes) {
    this.id = id;
    this.description = description;
    this.nodes = nodes;
  }

  public String id() {
    return id;
  }

  /** One line on what it starts, for help. */
  public String description() {
    return description;
  }

  /** Its nodes and their settings, for the docs (Markdown). */
  public String nodes() {
    return nodes;
  }

  /**
   * Whether environments of this topology offer {@code capability} (one of {@link ProcessControl},
   * {@link PostgresReplication}, {@link RedisFailover}, {@link PacketFiltering}, {@link DiskStall}, {@link ClockControl}): known before any
   * node starts, so that a fault it cannot support is refused as bad usage. A running
   * environment's {@link Environment#capability} gives the capability itself.
   */
  public boolean offers(Class<?> capability) {
    // faultline reaches external servers only through the clients' proxies: it controls nothing else.
    if (isExternal()) return false;
    if (capability == ProcessControl.class) return true; // every local topology runs its own processes
    if (capability == PostgresReplication.class) return this == PG_REPLICATED;
    if (capability == RedisFailover.class) return redisFailover().isPresent();
    if (capability == PacketFiltering.class) return this == REDIS_SENTINEL || this == REDIS_CLUSTER;
    // Every local topology can preload the disk-stall library; an environment has it when started with it.
    if (capability == DiskStall.class) return true;
    // Likewise the clock-offset library.
    if (capability == ClockControl.class) return true;
    return false;
  }

  /** Who elects a new Redis primary in this topology, when Redis does it by itself. */
  public Optional<RedisFailover.Mechanism> redisFailover() {
    return switch (this) {
      case REDIS_SENTINEL -> Optional.of(RedisFailover.Mechanism.SENTINEL);
      case REDIS_CLUSTER -> Optional.of(RedisFailover.Mechanism.CLUSTER);
      default -> Optional.empty();
    };
  }

  /** How many database nodes (sentinels aside) this topology starts. */
  public int dataNodes() {
    return switch (this) {
      // External: the endpoints given say how many; clients' links are the only ones faultline has.
      case REDIS_SINGLE, PG_SINGLE, REDIS_EXTERNAL, PG_EXTERNAL -> 1;
      case CACHE_ASIDE -> 2;
      case REDIS_REPLICATED, REDIS_SENTINEL, PG_REPLICATED -> 3;
      case REDIS_CLUSTER -> 6;
    };
  }

  /** How many processes of this topology can be cut from each other (sentinels included). */
  public int partitionableNodes() {
    return this == REDIS_SENTINEL ? dataNodes() + 3 : dataNodes();
  }

  /** Whether clients may read from its replicas: they stay put (sentinels and a cluster move them with failovers). */
  public boolean replicasStayPut() {
    return this == REDIS_REPLICATED || this == PG_REPLICATED;
  }

  /** Whether replicas have links of their own to the nodes they stream from ({@link Link.Kind#REPLICATION}, {@code n2_to_n1}). */
  public boolean hasReplicationLinks() {
    return this == REDIS_REPLICATED || this == PG_REPLICATED;
  }

  /**
   * The names of the links (Toxiproxy proxies) an environment of this topology has, known before
   * it starts, so that a fault naming a link that will not exist is bad usage: {@code
   * clients_to_N} for every node, {@code peers_to_N} where Redis peers share one announced address
   * (sentinel, cluster), {@code bus_to_N} on a cluster, and {@code A_to_B} per replication pair.
   */
  public List<String> linkNames() {
    List<String> data = new ArrayList<>();
    for (int i = 1; i <= dataNodes(); i++) data.add("n" + i);
    List<String> all = new ArrayList<>(data);
    if (this == REDIS_SENTINEL) all.addAll(List.of("s1", "s2", "s3"));
    List<String> names = new ArrayList<>();
    for (String node : all) names.add(Link.CLIENTS + "_to_" + node);
    if (this == REDIS_SENTINEL || this == REDIS_CLUSTER) for (String node : all) names.add(Link.PEERS + "_to_" + node);
    if (this == REDIS_CLUSTER) for (String node : all) names.add("bus_to_" + node);
    if (hasReplicationLinks()) {
      for (String from : data) for (String to : data) if (!from.equals(to)) names.add(from + "_to_" + to);
    }
    return names;
  }

  /**
   * Whether the servers are ones faultline did not start ({@code --endpoint}): it reaches them
   * through a proxy of its own Toxiproxy per endpoint, so only faults of the clients' links apply.
   */
  public boolean isExternal() {
    return this == REDIS_EXTERNAL || this == PG_EXTERNAL;
  }

  /** Whether its database (the one holding the truth, which credentials and run facts are for) is Redis. */
  public boolean isRedis() {
    return id.startsWith("redis-");
  }

  /** Whether it starts a Redis node at all: a Redis topology, or one whose cache is Redis (its Redis settings apply there). */
  public boolean runsRedis() {
    return isRedis() || cache().isPresent();
  }

  /** The name of the Redis node that caches the PostgreSQL truth, in a topology of both databases. */
  public Optional<String> cache() {
    return this == CACHE_ASIDE ? Optional.of("n2") : Optional.empty();
  }

  /** The topology named {@code id}, or an exception listing the names there are. */
  public static Topology byId(String id) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            UnknownName.message("topology", id, Arrays.stream(values()).map(Topology::id).toList())));
  }

  @Override
  public String toString() {
    return id;
  }
}
