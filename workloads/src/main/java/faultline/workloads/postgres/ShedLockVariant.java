package faultline.workloads.postgres;

import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;

/**
 * The ShedLock {@code --client} variant: the lock workload through the library applications put
 * around their scheduled tasks ({@code @SchedulerLock}), with its plain JDBC provider on
 * PostgreSQL, rather than through SQL of faultline's own ({@link ShedLockClients}).
 */
public enum ShedLockVariant implements ClientVariant {
  JDBC("shedlock-jdbc", "ShedLock's JdbcLockProvider (a row per lock, lock_until by the node's clock): lock with lockAtMostFor "
      + ShedLockClient.AT_MOST_MS + " ms and lockAtLeastFor " + ShedLockClient.AT_LEAST_MS + " ms, the task a SELECT then UPDATE "
      + "of a counter, then unlock");

  private final String id;
  private final String description;

  ShedLockVariant(String id, String description) {
    this.id = id;
    this.description = description;
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
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new ShedLockClients(targets, options);
  }
}
