package faultline.workloads.redis;

import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;

/**
 * The Redisson {@code --client} variants: the lock workload through the library its users call,
 * rather than through Lettuce commands ({@link RedissonLocks}).
 */
public enum RedissonVariant implements ClientVariant {
  LOCK("redisson-lock", "Redisson's RLock: tryLock, the watchdog renewing the lease, unlock by the locking thread", false),
  FENCED_LOCK("redisson-fenced-lock", "Redisson's RFencedLock: tryLockAndGetToken; the counter by scripts that refuse an older token", true);

  private final String id;
  private final String description;
  private final boolean fenced;

  RedissonVariant(String id, String description, boolean fenced) {
    this.id = id;
    this.description = description;
    this.fenced = fenced;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String database() {
    return REDIS;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new RedissonLocks(targets, options, fenced);
  }
}
