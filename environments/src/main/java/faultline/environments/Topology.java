package faultline.environments;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The shapes of deployment faultline can start, by the names users type. */
public enum Topology {
  REDIS_SINGLE("redis-single", "one Redis node"),
  REDIS_REPLICATED("redis-replicated", "a Redis primary and 2 asynchronous replicas"),
  REDIS_SENTINEL("redis-sentinel", "a Redis primary, 2 replicas and 3 sentinels (quorum 2)"),
  REDIS_CLUSTER("redis-cluster", "a Redis Cluster of 3 primaries and 3 replicas"),
  PG_SINGLE("pg-single", "one PostgreSQL node"),
  PG_REPLICATED("pg-replicated", "a PostgreSQL primary and 2 streaming replicas");

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

  public boolean isRedis() {
    return id.startsWith("redis-");
  }

  /** The topology named {@code id}, or an exception listing the names there are. */
  public static Topology byId(String id) {
    return Arrays.stream(values())
        .filter(t -> t.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown topology '" + id + "'; known: " + ids()));
  }

  public static String ids() {
    return Arrays.stream(values()).map(Topology::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
