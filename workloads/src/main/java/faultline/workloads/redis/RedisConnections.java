package faultline.workloads.redis;

import faultline.workloads.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * One process's connections: writes to the primary, reads where the options send them, and the
 * optional WAIT after a write.
 */
final class RedisConnections implements AutoCloseable {
  private final StatefulRedisConnection<String, String> primary;
  private final StatefulRedisConnection<String, String> reads;
  private final ClientOptions options;
  private final boolean owned;

  /** @param owned whether these connections are this process's alone, to close with it */
  RedisConnections(StatefulRedisConnection<String, String> primary, StatefulRedisConnection<String, String> reads, ClientOptions options, boolean owned) {
    this.primary = primary;
    this.reads = reads;
    this.options = options;
    this.owned = owned;
  }

  RedisCommands<String, String> writes() {
    return primary.sync();
  }

  RedisCommands<String, String> reads() {
    return reads.sync();
  }

  long opTimeoutMillis() {
    return options.opTimeout().toMillis();
  }

  /**
   * After a write: WAIT for the configured replicas. Fewer acknowledgements than asked leaves the
   * write's fate open (a failover could lose it), so the caller records {@code info}.
   *
   * @return null when enough replicas acknowledged, else why not
   */
  String awaitReplicas() {
    if (options.waitReplicas() <= 0) return null;
    // Half the op timeout, so the server answers before the client gives up on the command.
    long acknowledged = primary.sync().waitForReplication(options.waitReplicas(), Math.max(1, opTimeoutMillis() / 2));
    return acknowledged >= options.waitReplicas() ? null
        : "WAIT: " + acknowledged + " of " + options.waitReplicas() + " replicas acknowledged";
  }

  @Override
  public void close() {
    if (!owned) return; // shared: the factory closes them, or replaces them when broken
    primary.close();
    if (reads != primary) reads.close();
  }
}
