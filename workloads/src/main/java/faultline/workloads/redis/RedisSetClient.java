package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import java.util.List;

/** set on Redis: {@code add} by SADD, {@code read} by SMEMBERS (elements in ascending order). */
final class RedisSetClient implements Client {
  private final RedisConnections redis;

  RedisSetClient(RedisConnections redis) {
    this.redis = redis;
  }

  @Override
  public Completion invoke(Invocation op) {
    return redis.attempt(() -> {
      switch (op.f()) {
        case "read" -> {
          List<Long> elements = redis.reads(op.key()).smembers(op.key()).stream().map(Long::parseLong).sorted().toList();
          return Completion.ok(elements);
        }
        case "add" -> {
          var writes = redis.writes(op.key());
          writes.sadd(op.key(), op.value().toString());
          String short_ = redis.awaitReplicas(writes);
          return short_ == null ? Completion.ok(op.value()) : Completion.info(short_);
        }
        default -> throw new IllegalArgumentException("set has no function " + op.f());
      }
    });
  }

  @Override
  public void close() {
    redis.close();
  }
}
