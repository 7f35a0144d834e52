package faultline.environments;

/**
 * A Redis topology that elects a new primary by itself when one is cut off or dies: a nemesis
 * only provokes the failover and watches {@link Environment#primaries()} for its outcome.
 */
public interface RedisFailover {

  /** Who decides the failover. */
  enum Mechanism {
    /** Sentinels (a majority of them) promote one of the primary's replicas. */
    SENTINEL,
    /** The cluster's primaries promote the replica of a shard whose primary fails. */
    CLUSTER
  }

  Mechanism mechanism();
}
