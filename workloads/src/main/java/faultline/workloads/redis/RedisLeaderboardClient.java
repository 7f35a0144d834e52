package faultline.workloads.redis;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;
import io.lettuce.core.ScoredValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * leaderboard on Redis, a sorted set per board: {@code incr} by ZINCRBY (atomic), or by ZSCORE,
 * then ZADD of the sum (read-add-write-back in the application, which two clients can interleave
 * so that one increment overwrites the other; a client-pause freezes its worker between the two);
 * {@code score} by ZSCORE; {@code top k} by ZREVRANGE 0 k-1 WITHSCORES (every member for k 0).
 */
final class RedisLeaderboardClient implements Client {
  private final RedisConnections redis;
  private final boolean atomic;

  RedisLeaderboardClient(RedisConnections redis, boolean atomic) {
    this.redis = redis;
    this.atomic = atomic;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return redis.attempt(() -> switch (op.f()) {
      case "incr" -> {
        List<?> v = (List<?>) op.value();
        String member = (String) v.get(0);
        long n = (Long) v.get(1);
        var writes = redis.writes(op.key());
        if (atomic) {
          writes.zincrby(op.key(), n, member);
        } else {
          Double current = writes.zscore(op.key(), member);
          pause.await();
          writes.zadd(op.key(), (current == null ? 0 : current.longValue()) + n, member);
        }
        String short_ = redis.awaitReplicas(writes);
        yield short_ == null ? Completion.ok(v) : Completion.info(short_);
      }
      case "score" -> {
        Double score = redis.reads(op.key()).zscore(op.key(), (String) op.value());
        yield Completion.ok(Arrays.asList(op.value(), score == null ? null : score.longValue()));
      }
      case "top" -> {
        long k = (Long) op.value();
        List<List<Object>> entries = new ArrayList<>();
        for (ScoredValue<String> e : redis.reads(op.key()).zrevrangeWithScores(op.key(), 0, k > 0 ? k - 1 : -1)) {
          entries.add(List.of(e.getValue(), (long) e.getScore()));
        }
        yield Completion.ok(entries);
      }
      default -> throw new IllegalArgumentException("leaderboard has no function " + op.f());
    });
  }

  @Override
  public void close() {
    redis.close();
  }
}
