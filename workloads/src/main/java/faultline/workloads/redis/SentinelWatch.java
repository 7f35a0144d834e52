package faultline.workloads.redis;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.workloads.Sentinels;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the sentinels say the Redis primary is, asked again every {@link #POLL} on a thread of its
 * own. Sentinel-aware clients learn of a failover from the sentinels ({@code +switch-master});
 * polling stands in for that subscription and keeps the ops' path free of lookups. The sentinels
 * are asked in order, the first that answers is believed, as Lettuce and Jedis do.
 *
 * <p>While the primary is cut off from the sentinels but not from its clients, the sentinels keep
 * naming it until they fail over: clients go on writing to it, which is what loses writes.
 */
final class SentinelWatch implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(200);

  private final RedisClient lettuce;
  private final Sentinels sentinels;
  private final Credentials credentials;
  private final Duration timeout;
  private final Thread thread;
  private volatile Endpoint primary;
  private volatile boolean closed;
  private StatefulRedisSentinelConnection<String, String> connection;
  private int asking;

  /** Asks the sentinels once (an exception when none answers), then keeps asking in the background. */
  SentinelWatch(RedisClient lettuce, Sentinels sentinels, Credentials credentials, Duration timeout) {
    this.lettuce = lettuce;
    this.sentinels = sentinels;
    this.credentials = credentials;
    this.timeout = timeout;
    this.primary = ask().orElseThrow(() -> new IllegalStateException(
        "no sentinel of " + sentinels.endpoints() + " names a primary for " + sentinels.master()));
    this.thread = Thread.ofPlatform().daemon().name("faultline-sentinel-watch").start(this::watch);
  }

  /** The client proxy of the node the sentinels named last. */
  Endpoint primary() {
    return primary;
  }

  private void watch() {
    while (!closed) {
      LockSupport.parkNanos(POLL.toNanos());
      if (closed) break;
      ask().ifPresent(p -> primary = p);
    }
    closeConnection();
  }

  /** One round: the first sentinel that answers, from the one asked last; empty when none does. */
  private synchronized Optional<Endpoint> ask() {
    int n = sentinels.endpoints().size();
    for (int tried = 0; tried < n && !closed; tried++) {
      try {
        if (connection == null || !connection.isOpen()) {
          closeConnection();
          Endpoint at = sentinels.endpoints().get(asking);
          connection = lettuce.connectSentinel(RedisURI.builder().withHost(at.host()).withPort(at.port())
              .withPassword(credentials.passwordChars()).withTimeout(timeout).build());
        }
        SocketAddress named = connection.sync().getMasterAddrByName(sentinels.master());
        if (named instanceof InetSocketAddress a) {
          return Optional.of(sentinels.route().apply(new Endpoint(a.getHostString(), a.getPort())));
        }
        return Optional.empty();
      } catch (RuntimeException e) {
        // A sentinel that does not answer (paused, killed, cut off) has nothing to say: ask the next.
        closeConnection();
        asking = (asking + 1) % n;
      }
    }
    return Optional.empty();
  }

  private synchronized void closeConnection() {
    if (connection == null) return;
    try {
      connection.close();
    } catch (RuntimeException ignored) {
      // already broken
    }
    connection = null;
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(timeout.toMillis() * sentinels.endpoints().size() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
