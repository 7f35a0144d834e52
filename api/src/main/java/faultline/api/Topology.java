package faultline.api;

/**
 * The servers a test runs against, started by faultline on this machine (real redis-server,
 * postgres and toxiproxy-server processes, installed by {@code scripts/bootstrap}), each behind a
 * Toxiproxy proxy so that faults apply to your client's connections.
 */
public enum Topology {
  /** One Redis node. */
  REDIS_SINGLE("redis-single"),
  /** A Redis primary and 2 asynchronous replicas. */
  REDIS_REPLICATED("redis-replicated"),
  /** A Redis primary, 2 replicas and 3 sentinels (quorum 2). */
  REDIS_SENTINEL("redis-sentinel"),
  /** A Redis Cluster of 3 primaries and 3 replicas. */
  REDIS_CLUSTER("redis-cluster"),
  /** One PostgreSQL node. */
  PG_SINGLE("pg-single"),
  /** A PostgreSQL primary and 2 streaming replicas. */
  PG_REPLICATED("pg-replicated"),
  /**
   * Both databases: a PostgreSQL node, the truth ({@link Endpoints#jdbcUrl()}), and a Redis node,
   * its cache ({@link Endpoints#redisUri()}), each behind its own proxy.
   */
  CACHE_ASIDE("cache-aside");

  private final String id;

  Topology(String id) {
    this.id = id;
  }

  /**
   * The name {@code faultline run --topology} takes.
   *
   * @return such as {@code redis-single}
   */
  public String id() {
    return id;
  }

  /**
   * Whether the servers are Redis only.
   *
   * @return true for Redis, false for PostgreSQL and for {@link #CACHE_ASIDE} (PostgreSQL with a Redis cache)
   */
  public boolean isRedis() {
    return id.startsWith("redis-");
  }

  faultline.environments.Topology internal() {
    return faultline.environments.Topology.byId(id);
  }

  @Override
  public String toString() {
    return id;
  }
}
