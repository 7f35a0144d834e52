package faultline.workloads.redis;

import faultline.checker.history.OpType;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;
import io.lettuce.core.ScriptOutputType;
import java.util.List;

/**
 * jobs on Redis, the common "reliable queue" with a visibility timeout: a sorted set per queue,
 * each job scored by the time it is due, by the server's clock (TIME, in a script). A worker
 * claims the earliest due job by one script that scores it again at now + the lease, so no one
 * else sees it while the lease lasts; then it runs the job and removes it (ZREM). A worker that
 * stalls past its lease (a client-pause freezes it between the claim and the job) finds that
 * another worker claimed the job meanwhile and ran it too. {@code pending} is ZRANGE of the set.
 */
final class RedisJobsClient implements Client {
  /** The lease of a claim, in milliseconds: how long a job stays hidden from other workers. */
  static final long LEASE_MS = 1000;

  private static final String SCHEDULE = "local t = redis.call('TIME') "
      + "redis.call('ZADD', KEYS[1], t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[2]), ARGV[1]) return 1";
  private static final String CLAIM = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
      + "local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1) "
      + "if #due == 0 then return false end "
      + "redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), due[1]) return due[1]";

  private final RedisConnections redis;

  RedisJobsClient(RedisConnections redis) {
    this.redis = redis;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  /** A claimed job has a pause point between its claim and its run (client-pause freezes a worker there, past its lease). */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return redis.attempt(() -> switch (op.f()) {
      case "schedule" -> {
        List<?> v = (List<?>) op.value();
        var writes = redis.writes(op.key());
        writes.eval(SCHEDULE, ScriptOutputType.INTEGER, new String[] {op.key()}, (String) v.get(0), String.valueOf(v.get(1)));
        yield Completion.ok(v);
      }
      case "run" -> {
        var writes = redis.writes(op.key());
        String job = writes.eval(CLAIM, ScriptOutputType.VALUE, new String[] {op.key()}, String.valueOf(LEASE_MS));
        if (job == null) yield Completion.ok(null);
        List<Object> ran = List.of(job, LEASE_MS);
        try {
          pause.await();
          // The job's work would run here; it is done when the job leaves the queue.
          writes.zrem(op.key(), job);
          yield Completion.ok(ran);
        } catch (RuntimeException e) {
          // Claimed, maybe run: the history must still name the job.
          Completion why = RedisOutcomes.of(e, redis.opTimeoutMillis());
          yield new Completion(OpType.INFO, ran, why.error(), null);
        }
      }
      case "pending" -> Completion.ok(List.copyOf(redis.reads(op.key()).zrange(op.key(), 0, -1)));
      default -> throw new IllegalArgumentException("jobs has no function " + op.f());
    });
  }

  @Override
  public void close() {
    redis.close();
  }
}
