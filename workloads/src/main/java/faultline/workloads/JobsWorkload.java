package faultline.workloads;

import faultline.checker.model.Models;
import faultline.checker.Checker;
import faultline.checker.jobs.JobsChecker;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scheduled jobs, a queue per key: {@code schedule [job delay-ms]} (a fresh job, due 0 to 200 ms
 * later) and {@code run}, a worker claiming a due job and running it, ending with a read of the
 * jobs still queued ({@code pending}). Workers must run each job once
 * ({@link JobsChecker.Promise#EXACTLY_ONCE}), never before it is due, and every due job at least
 * once ({@link JobsChecker} has the history's shape).
 */
public final class JobsWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("jobs")
      .shows("scheduled jobs, a queue per key: schedule a job due 0-200 ms later, run (claim a due job and run it); "
          + "each job runs once, never before it is due, and none due is left behind")
      .make(settings -> new JobsWorkload())
      .clients(RedisVariant.ZSET_LEASE, PostgresVariant.SKIP_LOCKED)
      .build();

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "q";
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Models.JOBS.checkers(); // declared once, so faultline check judges its history alike
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      private int jobs;

      @Override
      public Invocation next(SplittableRandom random) {
        return random.nextInt(10) < 4
            ? new Invocation(JobsChecker.SCHEDULE, key, List.of(key + "-j" + jobs++, (long) random.nextInt(201)))
            : new Invocation(JobsChecker.RUN, key, null);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation(JobsChecker.PENDING, key, null);
      }
    };
  }
}
