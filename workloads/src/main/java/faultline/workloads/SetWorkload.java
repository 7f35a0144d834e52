package faultline.workloads;

import faultline.checker.Checker;
import faultline.checker.set.SetChecker;
import faultline.checker.set.SetFullChecker;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A grow-only set per key: {@code add e} with a new element each time, and {@code read}. The
 * final read of every key shows which acknowledged adds were lost.
 */
public final class SetWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("set")
      .shows("a grow-only set per key: add and read; every acknowledged add must be in the final read")
      .make(settings -> new SetWorkload())
      .clients(RedisVariant.SADD, PostgresVariant.INSERT)
      .build();


  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "s";
  }

  /**
   * Jepsen's set checker (by each key's final read) and set-full (every read: lost, stale,
   * recovered elements and latencies), both deciding, as Jepsen's set workloads use them.
   */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    Map<String, Checker> checkers = new LinkedHashMap<>();
    checkers.put("set", new SetChecker());
    checkers.put("set-full", new SetFullChecker());
    return checkers;
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      private long added;

      @Override
      public Invocation next(SplittableRandom random) {
        return random.nextInt(10) < 8 ? new Invocation("add", key, ++added) : new Invocation("read", key, null);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation("read", key, null);
      }
    };
  }
}
