package faultline.environments;

import java.io.IOException;

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

  /**
   * How many keys {@code node} holds ({@code DBSIZE}): in a cluster, a failover of a shard that
   * holds none of the workload's keys (transactions keep theirs in one slot) can lose nothing.
   */
  long keysHeldBy(Node node) throws IOException;
}
