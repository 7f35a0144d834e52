package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import io.lettuce.core.SetArgs;
import java.util.List;

/**
 * session on Redis: {@code set [value ttl-ms]} by SET PX, {@code get} by GET, {@code refresh
 * ttl-ms} by PEXPIRE (true when the key was there). Redis expires a key by its own wall clock.
 */
final class RedisSessionClient implements Client {
  private final RedisConnections redis;

  RedisSessionClient(RedisConnections redis) {
    this.redis = redis;
  }

  @Override
  public Completion invoke(Invocation op) {
    return redis.attempt(() -> switch (op.f()) {
      case "set" -> {
        List<?> v = (List<?>) op.value();
        var writes = redis.writes(op.key());
        writes.set(op.key(), (String) v.get(0), SetArgs.Builder.px((Long) v.get(1)));
        String short_ = redis.awaitReplicas(writes);
        yield short_ == null ? Completion.ok(v) : Completion.info(short_);
      }
      case "get" -> Completion.ok(redis.reads(op.key()).get(op.key()));
      case "refresh" -> {
        var writes = redis.writes(op.key());
        boolean found = writes.pexpire(op.key(), (Long) op.value());
        String short_ = redis.awaitReplicas(writes);
        yield short_ == null ? Completion.ok(found) : Completion.info(short_);
      }
      default -> throw new IllegalArgumentException("session has no function " + op.f());
    });
  }

  @Override
  public void close() {
    redis.close();
  }
}
