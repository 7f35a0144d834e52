package faultline.api;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A user's counter client, as users write them: {@code add} either by INCRBY (atomic) or by
 * reading, adding and writing back (the lost update), {@code read} by GET.
 */
final class RedisCounterClient implements Client {
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> connection;
  private final boolean atomic;

  RedisCounterClient(RedisURI uri, boolean atomic) {
    this.redis = RedisClient.create(uri);
    this.atomic = atomic;
    this.connection = connect(redis);
  }

  /** A connection, or the client shut down and the failure thrown (a refused connection: fail). */
  static StatefulRedisConnection<String, String> connect(RedisClient redis) {
    try {
      return redis.connect();
    } catch (RuntimeException e) {
      redis.shutdown();
      throw e;
    }
  }

  @Override
  public Completion invoke(Invocation op) {
    RedisCommands<String, String> redisCommands = connection.sync();
    try {
      switch (op.f()) {
        case "add" -> {
          if (atomic) {
            redisCommands.incrby(op.key(), op.longValue());
          } else {
            String now = redisCommands.get(op.key());
            long current = now == null ? 0 : Long.parseLong(now);
            redisCommands.set(op.key(), Long.toString(current + op.longValue()));
          }
          return Completion.ok(op.value());
        }
        case "read" -> {
          String now = redisCommands.get(op.key());
          return Completion.ok(now == null ? 0L : Long.parseLong(now));
        }
        default -> {
          return Completion.fail("unknown operation " + op.f());
        }
      }
    } catch (RedisCommandTimeoutException e) {
      return Completion.info("timeout");
    } catch (RedisConnectionException e) {
      return Completion.info("connection: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      redis.shutdown();
    }
  }
}
