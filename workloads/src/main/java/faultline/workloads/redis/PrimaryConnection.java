package faultline.workloads.redis;

import faultline.environments.Endpoint;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A connection to wherever the primary is now: a new one is opened when the primary moved (the
 * sentinels named another) or the connection broke. The one replaced is left open until
 * {@link #close()}, so that commands other processes sent on it still get their replies, or time
 * out, as the history says they did; it never carries a command again.
 */
final class PrimaryConnection implements Supplier<StatefulRedisConnection<String, String>>, AutoCloseable {
  private record At(Endpoint endpoint, StatefulRedisConnection<String, String> connection) {}

  private final Supplier<Endpoint> primary;
  private final Function<Endpoint, StatefulRedisConnection<String, String>> connect;
  private final List<StatefulRedisConnection<String, String>> replaced = new ArrayList<>();
  private volatile At current;

  PrimaryConnection(Supplier<Endpoint> primary, Function<Endpoint, StatefulRedisConnection<String, String>> connect) {
    this.primary = primary;
    this.connect = connect;
  }

  /** The connection to the primary; connects (and may throw Lettuce's connection exception) when there is none. */
  @Override
  public StatefulRedisConnection<String, String> get() {
    At at = current;
    if (at != null && at.connection().isOpen() && at.endpoint().equals(primary.get())) return at.connection();
    return reconnect();
  }

  private synchronized StatefulRedisConnection<String, String> reconnect() {
    At at = current;
    Endpoint where = primary.get();
    if (at != null && at.connection().isOpen() && at.endpoint().equals(where)) return at.connection();
    StatefulRedisConnection<String, String> fresh = connect.apply(where);
    if (at != null) replaced.add(at.connection());
    current = new At(where, fresh);
    return fresh;
  }

  @Override
  public synchronized void close() {
    if (current != null) replaced.add(current.connection());
    current = null;
    for (StatefulRedisConnection<String, String> c : replaced) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // a broken connection may fail to close; it is gone either way
      }
    }
    replaced.clear();
  }
}
