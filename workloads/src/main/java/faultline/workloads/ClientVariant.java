package faultline.workloads;

/**
 * A {@code --client} variant: one way of running one workload's ops on one database. The Redis
 * variants are {@link faultline.workloads.redis.RedisVariant}'s constants, the PostgreSQL ones
 * {@link faultline.workloads.postgres.PostgresVariant}'s; a workload lists its own in its
 * {@link WorkloadKind}, which is where a variant's workload is known from.
 */
public interface ClientVariant {
  String REDIS = "redis";
  String POSTGRES = "postgres";

  /** The name on the command line: {@code redis-incrby}, {@code pg-update}, ... */
  String id();

  /** {@link #REDIS} or {@link #POSTGRES}. */
  String database();

  /** One line on how the ops become commands, for help and docs. */
  String description();

  /** Whether the variant can compare-and-set (register workloads then include cas). */
  default boolean cas() {
    return false;
  }

  /** Whether it needs a Redis cache beside its PostgreSQL database ({@link Targets#cache()}: the cache-aside topology). */
  default boolean needsCache() {
    return false;
  }

  /** Prepares nothing yet: the factory's {@link ClientFactory#setup} does, once the servers are up. */
  ClientFactory open(Targets targets, ClientOptions options, int concurrency);
}
