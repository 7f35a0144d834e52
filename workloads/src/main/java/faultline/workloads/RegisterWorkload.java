package faultline.workloads;

import faultline.checker.Checker;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.model.Models;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A register per key: {@code read}, {@code write v} and {@code cas [from to]}. Every value written
 * to a key is new (1, 2, 3, ... in generation order), so a read names the one write it observed:
 * that keeps the linearizability search small and a stale read obvious. A cas usually expects the
 * latest value generated, sometimes an older one, so both outcomes occur.
 */
public final class RegisterWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("register")
      .shows("a register per key: read, write and (where the client can) cas, every value new; checked for linearizability")
      .option("--model", "the model the histories are checked against (default cas-register)")
      .make(settings -> new RegisterWorkload(settings.cas()))
      .clients(RedisVariant.LUA_CAS, RedisVariant.WATCH_CAS, RedisVariant.GET_SET_REGISTER, PostgresVariant.UPDATE_WHERE)
      .build();

  private final boolean cas;

  /** @param cas whether the mix includes compare-and-set (clients without it only read and write) */
  public RegisterWorkload(boolean cas) {
    this.cas = cas;
  }

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "r";
  }

  /** Linearizability against the run's model, with the weaker models beside it. */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Map.of(LinearizableCheck.NAME, new LinearizableCheck(Models.byName(options.model(), null), options.timeLimit(), options.progress()));
  }

  @Override
  public boolean finalReads() {
    return false;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      private long written;

      @Override
      public Invocation next(SplittableRandom random) {
        int dice = random.nextInt(10);
        if (dice < 5 || (dice >= 8 && (!cas || written == 0))) return new Invocation("read", key, null);
        if (dice < 8) return new Invocation("write", key, ++written);
        long from = Math.max(1, written - (random.nextInt(4) == 0 ? 1 : 0));
        return new Invocation("cas", key, List.of(from, ++written));
      }

      @Override
      public Invocation finalRead() {
        return new Invocation("read", key, null);
      }
    };
  }
}
