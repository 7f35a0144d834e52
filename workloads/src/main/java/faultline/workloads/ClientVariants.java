package faultline.workloads;

import faultline.checker.UnknownName;
import faultline.workloads.postgres.PostgresClients;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisClients;
import faultline.workloads.redis.RedisVariant;
import java.util.ArrayList;
import java.util.List;

/** Every {@code --client} variant by name, and the default one for a database and workload. */
public final class ClientVariants {
  private ClientVariants() {}

  /** The variant used when none is named. */
  public static String defaultFor(String database, String workload) {
    boolean redis = database.equals("redis");
    return switch (workload) {
      case "counter" -> redis ? RedisVariant.INCRBY.id() : PostgresVariant.UPDATE.id();
      case "register" -> redis ? RedisVariant.LUA_CAS.id() : PostgresVariant.UPDATE_WHERE.id();
      case "set" -> redis ? RedisVariant.SADD.id() : PostgresVariant.INSERT.id();
      case "list-append" -> redis ? RedisVariant.MULTI_APPEND.id() : PostgresVariant.APPEND.id();
      case "rw-register" -> redis ? RedisVariant.MULTI_REGISTER.id() : PostgresVariant.TXN_REGISTER.id();
      case "bank" -> redis ? RedisVariant.WATCH_BANK.id() : PostgresVariant.BANK.id();
      case "lock" -> redis ? RedisVariant.SET_NX.id() : PostgresVariant.ADVISORY_LOCK.id();
      case "fenced-lock" -> {
        if (!redis) throw new IllegalArgumentException("fenced-lock has no PostgreSQL client");
        yield RedisVariant.SET_NX_FENCED.id();
      }
      default -> throw new IllegalArgumentException(UnknownName.message("workload", workload, Workloads.NAMES));
    };
  }

  /** Every variant's name, with the workload it serves. */
  public static List<String> describeAll() {
    List<String> out = new ArrayList<>();
    for (RedisVariant v : RedisVariant.values()) out.add(v.id() + " (" + v.workload() + ")");
    for (PostgresVariant v : PostgresVariant.values()) out.add(v.id() + " (" + v.workload() + ")");
    return out;
  }

  /** The workload this variant serves; an exception naming the variants when unknown. */
  public static String workloadOf(String variant) {
    RedisVariant r = RedisVariant.byId(variant);
    if (r != null) return r.workload();
    PostgresVariant p = PostgresVariant.byId(variant);
    if (p != null) return p.workload();
    throw unknownClient(variant);
  }

  private static IllegalArgumentException unknownClient(String variant) {
    List<String> ids = new ArrayList<>();
    for (RedisVariant v : RedisVariant.values()) ids.add(v.id());
    for (PostgresVariant v : PostgresVariant.values()) ids.add(v.id());
    return new IllegalArgumentException(UnknownName.message("client", variant, ids, "known: " + String.join(", ", describeAll())));
  }

  public static boolean isRedis(String variant) {
    return RedisVariant.byId(variant) != null;
  }

  /** Whether the variant can compare-and-set (register workloads then include cas). */
  public static boolean cas(String variant) {
    RedisVariant r = RedisVariant.byId(variant);
    return r != null ? r.cas() : PostgresVariant.byId(variant) == PostgresVariant.UPDATE_WHERE;
  }

  public static ClientFactory open(String variant, Targets targets, ClientOptions options, int concurrency) {
    RedisVariant r = RedisVariant.byId(variant);
    if (r == RedisVariant.REDISSON_LOCK || r == RedisVariant.REDISSON_FENCED_LOCK) {
      return new faultline.workloads.redis.RedissonLocks(targets, options, r == RedisVariant.REDISSON_FENCED_LOCK);
    }
    if (r != null) return new RedisClients(r, targets, options);
    PostgresVariant p = PostgresVariant.byId(variant);
    if (p != null) return new PostgresClients(p, targets, options, concurrency);
    throw unknownClient(variant);
  }
}
