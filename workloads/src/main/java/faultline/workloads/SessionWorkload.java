package faultline.workloads;

import faultline.checker.model.Models;
import faultline.checker.Checker;
import faultline.checker.expiry.ExpiringRegisterChecker;
import faultline.workloads.redis.RedisVariant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A session store, a session per key: {@code set [value ttl-ms]} (a fresh value living 500 to
 * 1500 ms), {@code get} and {@code refresh ttl-ms}, ending with a get of every key. Checked as a
 * register whose value expires ({@link ExpiringRegisterChecker}): a read after expiry must miss, a
 * read before it must see the latest write, and the result says how far the server's clock must
 * have strayed for what was seen.
 */
public final class SessionWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("session")
      .shows("a session per key: set with a time to live (500-1500 ms), get, refresh; a read after expiry must miss, "
          + "a read before it must see the latest write")
      .make(settings -> new SessionWorkload())
      .clients(RedisVariant.SET_PX)
      .build();

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "s";
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Models.SESSION.checkers(); // declared once, so faultline check judges its history alike
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      private int written;

      @Override
      public Invocation next(SplittableRandom random) {
        int kind = random.nextInt(10);
        long ttl = 500 + random.nextInt(1001);
        if (kind < 3) return new Invocation("set", key, List.of(key + "-" + written++, ttl));
        if (kind < 8) return new Invocation("get", key, null);
        return new Invocation("refresh", key, ttl);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation("get", key, null);
      }
    };
  }
}
