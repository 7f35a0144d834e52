package faultline.workloads.postgres;

import faultline.checker.history.OpType;
import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.PausePoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * jobs on PostgreSQL, a row per job with its due time (the server's {@code now()} plus the
 * delay): a worker claims the earliest due job by {@code SELECT ... FOR UPDATE SKIP LOCKED}, runs
 * it and marks it done in the same transaction. The row stays locked while the worker runs, however
 * long it stalls (a client-pause freezes it between the claim and the job), so no other worker
 * claims it; if the worker dies, its transaction rolls back and the job is claimed again.
 * {@code pending} selects the jobs not done.
 */
final class PostgresJobsClient implements Client {
  static final String TABLE = "CREATE TABLE IF NOT EXISTS jobs (queue text NOT NULL, job text NOT NULL, "
      + "due timestamptz NOT NULL, done boolean NOT NULL DEFAULT false, PRIMARY KEY (queue, job))";

  private final PostgresConnections pg;

  PostgresJobsClient(PostgresConnections pg) {
    this.pg = pg;
  }

  @Override
  public Completion invoke(Invocation op) {
    return invoke(op, PausePoint.NONE);
  }

  @Override
  public Completion invoke(Invocation op, PausePoint pause) {
    return switch (op.f()) {
      case "schedule" -> pg.write(c -> {
        List<?> v = (List<?>) op.value();
        try (PreparedStatement s = c.prepareStatement(
            "INSERT INTO jobs (queue, job, due) VALUES (?, ?, now() + make_interval(secs => ? / 1000.0))")) {
          s.setString(1, op.key());
          s.setString(2, (String) v.get(0));
          s.setLong(3, (Long) v.get(1));
          s.executeUpdate();
        }
        return Completion.ok(v);
      });
      case "run" -> pg.write(c -> {
        String job;
        try (PreparedStatement s = c.prepareStatement("SELECT job FROM jobs WHERE queue = ? AND NOT done AND due <= now() "
            + "ORDER BY due LIMIT 1 FOR UPDATE SKIP LOCKED")) {
          s.setString(1, op.key());
          try (ResultSet r = s.executeQuery()) {
            job = r.next() ? r.getString(1) : null;
          }
        }
        if (job == null) return Completion.ok(null);
        try {
          pause.await();
          // The job's work would run here, in the transaction that marks it done.
          try (PreparedStatement s = c.prepareStatement("UPDATE jobs SET done = true WHERE queue = ? AND job = ?")) {
            s.setString(1, op.key());
            s.setString(2, job);
            s.executeUpdate();
          }
          c.commit();
          return Completion.ok(List.of(job));
        } catch (SQLException e) {
          // Claimed, maybe committed: the history must still name the job.
          Completion why = SqlOutcomes.of(e, pg.opTimeoutMillis());
          if (why.type() == OpType.FAIL) throw e;
          return new Completion(OpType.INFO, List.of(job), why.error(), null);
        }
      });
      case "pending" -> pg.read(c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT job FROM jobs WHERE queue = ? AND NOT done ORDER BY job")) {
          s.setString(1, op.key());
          List<String> jobs = new ArrayList<>();
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) jobs.add(r.getString(1));
          }
          return Completion.ok(jobs);
        }
      });
      default -> throw new IllegalArgumentException("jobs has no function " + op.f());
    };
  }

  @Override
  public void close() {
    pg.close();
  }
}
