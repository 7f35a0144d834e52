package faultline.workloads.postgres;

import static faultline.workloads.postgres.ShedLockClients.COUNTERS;

import com.zaxxer.hikari.HikariDataSource;
import faultline.checker.lock.LockOps;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.LockCycle;
import faultline.workloads.PausePoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;

/**
 * lock through ShedLock, as {@code DefaultLockingTaskExecutor} runs a scheduled task: {@code
 * lock} with a {@link LockConfiguration} (the task's name is the key; {@code lockAtMostFor}, the
 * lease a node that dies leaves behind; {@code lockAtLeastFor}, how long the lock stays after a
 * short task), the task if the lock was obtained ({@code fail} when not: another node runs it),
 * then {@code unlock}. The task is the lock workload's add: a SELECT of a counter and an UPDATE of
 * the sum, with a pause point between them, where a node stalled past {@code lockAtMostFor} lets
 * another node run the same task.
 *
 * <p>ShedLock's unlock sets {@code lock_until} by the lock's name alone, whoever holds it now, and
 * returns nothing: the release is {@code ok} once its UPDATE ran. Exceptions (ShedLock's
 * {@code LockException} around a SQLException) escape: the op is {@code info}.
 */
final class ShedLockClient implements Client {
  /** lockAtMostFor: the lease every lock client here asks for. */
  static final long AT_MOST_MS = LockCycle.LEASE_MS;
  /** lockAtLeastFor: short, as for a task that runs often. */
  static final long AT_LEAST_MS = 50;

  private final HikariDataSource node;
  private final JdbcLockProvider shedlock;
  private SimpleLock held;

  ShedLockClient(HikariDataSource node) {
    this.node = node;
    this.shedlock = new JdbcLockProvider(node, ShedLockClients.TABLE);
  }

  @Override
  public Completion invoke(Invocation op) throws SQLException {
    return invoke(op, PausePoint.NONE);
  }

  /** The task has a pause point between its SELECT and its UPDATE: a node stalled there outlives lockAtMostFor. */
  @Override
  public Completion invoke(Invocation op, PausePoint pause) throws SQLException {
    return switch (op.f()) {
      case LockOps.ACQUIRE -> acquire(op.key());
      case LockOps.ADD -> task(op, pause);
      case LockOps.RELEASE -> release();
      case LockOps.READ -> {
        try (Connection c = node.getConnection()) {
          yield Completion.ok(value(c, op.key()));
        }
      }
      default -> throw new IllegalArgumentException("lock has no function " + op.f());
    };
  }

  private Completion acquire(String key) {
    LockConfiguration config = new LockConfiguration(ClockProvider.now(), key, Duration.ofMillis(AT_MOST_MS), Duration.ofMillis(AT_LEAST_MS));
    Optional<SimpleLock> lock = shedlock.lock(config);
    if (lock.isEmpty()) return Completion.fail("locked by another node: the task is skipped");
    held = lock.get();
    return Completion.ok(Map.of(LockOps.LEASE_MS, AT_MOST_MS));
  }

  private Completion task(Invocation op, PausePoint pause) throws SQLException {
    try (Connection c = node.getConnection()) {
      long current = value(c, op.key());
      pause.await();
      LockCycle.work();
      try (PreparedStatement s = c.prepareStatement("INSERT INTO " + COUNTERS + " (k, v) VALUES (?, ?) "
          + "ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")) {
        s.setString(1, op.key());
        s.setLong(2, current + 1);
        s.executeUpdate();
      }
    }
    return Completion.ok(op.value());
  }

  private Completion release() {
    SimpleLock lock = held;
    held = null;
    if (lock == null) return Completion.fail("not held");
    lock.unlock();
    return Completion.ok(null);
  }

  private static long value(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT v FROM " + COUNTERS + " WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0L;
      }
    }
  }

  @Override
  public Invocation next(Invocation done, Completion outcome) {
    return LockCycle.next(done, outcome, null);
  }

  /** The node stops: its pool closes (a lock it holds stays until lockAtMostFor, as ShedLock's does for a dead node). */
  @Override
  public void close() {
    node.close();
  }
}
