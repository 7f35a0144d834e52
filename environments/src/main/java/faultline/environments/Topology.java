package faultline.environments;

import faultline.checker.UnknownName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The shapes of deployment faultline can start, by the names users type. */
public enum Topology {
  REDIS_SINGLE("redis-single", "one Redis node"),
  REDIS_REPLICATED("redis-replicated", "a Redis primary and 2 asynchronous replicas"),
  REDIS_SENTINEL("redis-sentinel", "a Redis primary, 2 replicas and 3 sentinels (quorum 2)"),
  REDIS_CLUSTER("redis-cluster", "a Redis Cluster of 3 primaries and 3 replicas"),
  PG_SINGLE("pg-single", "one PostgreSQL node"),
  PG_REPLICATED("pg-replicated", "a PostgreSQL primary and 2 streaming replicas"),
  /** Servers faultline did not start and cannot control, reached at {@code --endpoint} (see {@link #isExternal()}). */
  REDIS_EXTERNAL("redis-external", "Redis servers faultline did not start, at the addresses --endpoint gives"),
  PG_EXTERNAL("pg-external", "PostgreSQL servers faultline did not start, at the addresses --endpoint gives");

  private final String id;
  private final String description;

  Topology(String id, String description) {
    this.id = id;
    this.description = description;
  }

  public String id() {
    return id;
  }

  public String description() {
    return description;
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
      case REDIS_REPLICATED, REDIS_SENTINEL, PG_REPLICATED -> 3;
      case REDIS_CLUSTER -> 6;
    };
  }

  /** How many processes of this topology can be cut from each other (sentinels included). */
  public int partitionableNodes() {
    return this == REDIS_SENTINEL ? dataNodes() + 3 : dataNodes();
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

  public boolean isRedis() {
    return id.startsWith("redis-");
  }

  /** The topology named {@code id}, or an exception listing the names there are. */
  public static Topology byId(String id) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            UnknownName.message("topology", id, Arrays.stream(values()).map(Topology::id).toList())));
  }

  public static String ids() {
    return Arrays.stream(values()).map(Topology::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
