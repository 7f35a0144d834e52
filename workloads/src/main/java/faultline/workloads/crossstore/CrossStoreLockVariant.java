package faultline.workloads.crossstore;

import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;

/**
 * The lock and fenced-lock {@code --client} variants whose lock lives in one store and whose
 * protected counter lives in the other, as applications that take a Redis lock around a database
 * update (or a database lock around a Redis update) have them: a lost update then means exclusion
 * failed, with nothing in the counter's store to notice. They run on the {@code cache-aside}
 * topology (PostgreSQL n1, Redis n2, each behind its own client proxy), whose database is
 * PostgreSQL's, so their database is PostgreSQL's as the cache-aside variants' is.
 */
public enum CrossStoreLockVariant implements ClientVariant {
  REDIS_LOCK_PG_COUNTER("redis-set-nx-pg-counter", "SET NX PX with a lease on the Redis node, released by compare-and-delete; "
      + "the counter a PostgreSQL row, SELECT then UPDATE (cache-aside topology)", Lock.REDIS, false),
  REDIS_LOCK_PG_COUNTER_FENCED("redis-set-nx-fenced-pg-counter", "the same with a token from INCR; the PostgreSQL row keeps the "
      + "newest token, and a conditional UPDATE refuses an older one (cache-aside topology)", Lock.REDIS, true),
  PG_LOCK_REDIS_COUNTER("pg-advisory-redis-counter", "session-level pg_try_advisory_lock and pg_advisory_unlock; the counter a "
      + "Redis key, GET then SET (cache-aside topology)", Lock.POSTGRES, false),
  PG_LOCK_REDIS_COUNTER_FENCED("pg-advisory-fenced-redis-counter", "the same with a token from a PostgreSQL sequence taken with "
      + "the lock; the Redis counter's scripts refuse an older one (cache-aside topology)", Lock.POSTGRES, true);

  /** The store that holds the lock; the counter is in the other. */
  enum Lock { REDIS, POSTGRES }

  private final String id;
  private final String description;
  private final Lock lock;
  private final boolean fenced;

  CrossStoreLockVariant(String id, String description, Lock lock, boolean fenced) {
    this.id = id;
    this.description = description;
    this.lock = lock;
    this.fenced = fenced;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String database() {
    return POSTGRES;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean needsCache() {
    return true;
  }

  Lock lock() {
    return lock;
  }

  boolean fenced() {
    return fenced;
  }

  @Override
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new CrossStoreLockClients(this, targets, options);
  }
}
