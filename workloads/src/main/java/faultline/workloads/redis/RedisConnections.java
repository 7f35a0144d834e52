package faultline.workloads.redis;

import faultline.workloads.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.Supplier;

/**
 * One process's connections: writes to the primary, reads where the options send them, and the
 * optional WAIT after a write. Connections are asked for at each op, since on redis-sentinel the
 * primary's connection changes when the sentinels name another primary.
 */
final class RedisConnections implements AutoCloseable {
  private final Supplier<StatefulRedisConnection<String, String>> primary;
  private final Supplier<StatefulRedisConnection<String, String>> reads;
  private final ClientOptions options;
  private final Runnable release;

  /** @param release closes what is this process's alone (nothing when the connections are shared) */
  RedisConnections(Supplier<StatefulRedisConnection<String, String>> primary, Supplier<StatefulRedisConnection<String, String>> reads,
      ClientOptions options, Runnable release) {
    this.primary = primary;
    this.reads = reads;
    this.options = options;
    this.release = release;
  }

  RedisCommands<String, String> writes() {
    return primary.get().sync();
  }

  RedisCommands<String, String> reads() {
    return reads.get().sync();
  }

  long opTimeoutMillis() {
    return options.opTimeout().toMillis();
  }

  /**
   * After a write, on the connection that wrote ({@code WAIT} counts that connection's writes):
   * WAIT for the configured replicas. Fewer acknowledgements than asked leaves the
   * write's fate open (a failover could lose it), so the caller records {@code info}.
   *
   * @return null when enough replicas acknowledged, else why not
   */
  String awaitReplicas(RedisCommands<String, String> wrote) {
    if (options.waitReplicas() <= 0) return null;
    // Half the op timeout, so the server answers before the client gives up on the command.
    long acknowledged = wrote.waitForReplication(options.waitReplicas(), Math.max(1, opTimeoutMillis() / 2));
    return acknowledged >= options.waitReplicas() ? null
        : "WAIT: " + acknowledged + " of " + options.waitReplicas() + " replicas acknowledged";
  }

  @Override
  public void close() {
    release.run(); // shared connections are closed by the factory, or replaced when broken
  }
}
