package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;

/**
 * counter on Redis: {@code add} by INCRBY (atomic), or by GET then SET (read-modify-write, which
 * two processes can interleave so that one increment overwrites the other: a lost update; a
 * client-pause freezes its worker between the two);
 * {@code read} by GET, a missing key reading 0.
 */
final class RedisCounterClient implements Client {
  private final RedisConnections redis;
  private final boolean atomic;

  RedisCounterClient(RedisConnections redis, boolean atomic) {
    this.redis = redis;
    this.atomic = atomic;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** GET then SET has a pause point between its read and its write (client-pause freezes a worker there). */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return redis.attempt(() -> {
      switch (op.f()) {
        case "read" -> {
          String v = redis.reads(op.key()).get(op.key());
          return Completion.ok(v == null ? 0L : Long.parseLong(v));
        }
        case "add" -> {
          long delta = (Long) op.value();
          var writes = redis.writes(op.key());
          if (atomic) {
            writes.incrby(op.key(), delta);
          } else {
            String v = writes.get(op.key());
            long current = v == null ? 0L : Long.parseLong(v);
            pause.await();
            writes.set(op.key(), Long.toString(current + delta));
          }
          String short_ = redis.awaitReplicas(writes);
          return short_ == null ? Completion.ok(delta) : Completion.info(short_);
        }
        default -> throw new IllegalArgumentException("counter has no function " + op.f());
      }
    });
  }

  @Override
  public void close() {
    redis.close();
  }
}
