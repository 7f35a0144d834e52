package faultline.api;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** A user's register: {@code write} by SET, {@code read} by GET (null for a new key). */
final class RedisRegisterClient implements Client {
  private final RedisClient redis;
  private final StatefulRedisConnection<String, String> connection;

  RedisRegisterClient(RedisURI uri) {
    this.redis = RedisClient.create(uri);
    this.connection = RedisCounterClient.connect(redis);
  }

  @Override
  public Completion invoke(Invocation op) {
    try {
      if (op.f().equals("write")) {
        connection.sync().set(op.key(), Long.toString(op.longValue()));
        return Completion.ok(op.value());
      }
      String v = connection.sync().get(op.key());
      return Completion.ok(v == null ? null : Long.parseLong(v));
    } catch (RedisCommandTimeoutException e) {
      return Completion.info("timeout");
    }
  }

  @Override
  public void close() {
    connection.close();
    redis.shutdown();
  }
}
