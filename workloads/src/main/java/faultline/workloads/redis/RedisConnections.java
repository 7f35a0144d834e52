package faultline.workloads.redis;

import faultline.workloads.ClientOptions;
import faultline.workloads.Completion;
import faultline.workloads.ServerIdentity;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One process's connections: writes to the primary of a key, reads where the options send them,
 * and the optional WAIT after a write. Connections are asked for at each op, since on
 * redis-sentinel the primary's connection changes when the sentinels name another primary, and on
 * redis-cluster each key has its own shard.
 */
final class RedisConnections implements AutoCloseable {
  private final Function<String, StatefulRedisConnection<String, String>> writes;
  private final Function<String, StatefulRedisConnection<String, String>> reads;
  private final ClientOptions options;
  private final Runnable release;
  private final Runnable failed;
  /** Who each connection said it was when it opened (see {@link faultline.workloads.ServerIdentity}). */
  private Function<StatefulRedisConnection<String, String>, ServerIdentity> identities = c -> null;
  /** The connection the current op last asked for: one process runs one op at a time. */
  private StatefulRedisConnection<String, String> used;

  /**
   * @param release closes what is this process's alone (nothing when the connections are shared)
   * @param failed told of every op that failed, so routes can be asked for again
   */
  RedisConnections(Function<String, StatefulRedisConnection<String, String>> writes,
      Function<String, StatefulRedisConnection<String, String>> reads, ClientOptions options, Runnable release, Runnable failed) {
    this.writes = writes;
    this.reads = reads;
    this.options = options;
    this.release = release;
    this.failed = failed;
  }

  /** Tells completions which server served them, by their connection's identity. */
  RedisConnections identifiedBy(Function<StatefulRedisConnection<String, String>, ServerIdentity> identities) {
    this.identities = identities;
    return this;
  }

  RedisCommands<String, String> writes(String key) {
    used = writes.apply(key);
    return used.sync();
  }

  RedisCommands<String, String> reads(String key) {
    used = reads.apply(key);
    return used.sync();
  }

  long opTimeoutMillis() {
    return options.opTimeout().toMillis();
  }

  /**
   * Runs one op's commands, the one place a Redis client classifies what goes wrong: what Redis
   * or Lettuce throws becomes the op's outcome ({@link RedisOutcomes}: an error reply is
   * {@code fail}, a timeout or a broken connection {@code info}); an op the workload should never
   * have asked for ({@link IllegalArgumentException}) stays an exception.
   */
  Completion attempt(Supplier<Completion> commands) {
    used = null;
    Completion c;
    try {
      c = commands.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      c = outcome(e);
    }
    return used == null ? c : c.servedBy(identities.apply(used));
  }

  /** What an exception from an op says about it (see {@link RedisOutcomes}). */
  private Completion outcome(RuntimeException e) {
    failed.run();
    return RedisOutcomes.of(e, opTimeoutMillis());
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
