package faultline.workloads;

import faultline.checker.Checker;
import faultline.checker.counter.CounterChecker;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A counter per key: {@code add d} (d from 1 to 5) and {@code read}. Reads are frequent enough
 * that a lost update shows up as a read below what was already acknowledged.
 */
public final class CounterWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("counter")
      .shows("a counter per key: add d (1 to 5) and read; every read must lie between the acknowledged and the attempted adds")
      .make(settings -> new CounterWorkload())
      .clients(RedisVariant.INCRBY, RedisVariant.GET_SET, PostgresVariant.UPDATE, PostgresVariant.SELECT_UPDATE)
      .build();


  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "c";
  }

  /** Jepsen's counter checker: every read within the bounds of what was added. */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of("counter", new CounterChecker());
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      @Override
      public Invocation next(SplittableRandom random) {
        return random.nextInt(10) < 6
            ? new Invocation("add", key, (long) (1 + random.nextInt(5)))
            : new Invocation("read", key, null);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation("read", key, null);
      }
    };
  }
}
