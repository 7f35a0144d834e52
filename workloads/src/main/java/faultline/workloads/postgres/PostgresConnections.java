package faultline.workloads.postgres;

import com.zaxxer.hikari.HikariDataSource;
import faultline.checker.history.OpType;
import faultline.workloads.Completion;
import faultline.workloads.ServerIdentity;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One process's JDBC connections (writes to the primary, reads where the options send them) and
 * the transaction boilerplate: run, commit, and on error roll back and classify.
 */
final class PostgresConnections implements AutoCloseable {
  /**
   * A connection and the pool it came from, which must evict it rather than take it back when
   * broken, and who its server said it was when it was taken from the pool.
   */
  record Pooled(Connection connection, HikariDataSource pool, ServerIdentity server) {
    void evict() {
      pool.evictConnection(connection);
    }
  }

  private final Pooled writes;
  private final Pooled reads;
  private final long opTimeoutMillis;
  private boolean broken;

  PostgresConnections(Pooled writes, Pooled reads, long opTimeoutMillis) {
    this.writes = writes;
    this.reads = reads;
    this.opTimeoutMillis = opTimeoutMillis;
  }

  /** The write connection itself, for a client that keeps a session or a transaction across ops (the lock clients). */
  Pooled session() {
    return writes;
  }

  long opTimeoutMillis() {
    return opTimeoutMillis;
  }

  /** A transaction's body: returns the op's completion; SQL errors are classified by the caller. */
  interface Transaction {
    Completion run(Connection c) throws SQLException;
  }

  Completion write(Transaction body) {
    return inTransaction(writes.connection(), body).servedBy(writes.server());
  }

  Completion read(Transaction body) {
    return inTransaction(reads.connection(), body).servedBy(reads.server());
  }

  private Completion inTransaction(Connection c, Transaction body) {
    try {
      Completion result = body.run(c);
      if (result.type() == OpType.OK) c.commit();
      else c.rollback();
      return result;
    } catch (SQLException e) {
      Completion outcome = SqlOutcomes.of(e, opTimeoutMillis);
      try {
        c.rollback();
      } catch (SQLException rollbackFailed) {
        broken = true;
      }
      if (outcome.type() == OpType.INFO) broken = true;
      return outcome;
    }
  }

  /** Returns a connection to its pool, or evicts it when a timeout or error may have left it mid-transaction. */
  @Override
  public void close() {
    release(writes);
    if (reads != writes) release(reads);
  }

  private void release(Pooled c) {
    if (broken) {
      c.evict();
      return;
    }
    try {
      c.connection().close();
    } catch (SQLException ignored) {
      // The pool drops a connection it cannot reset.
    }
  }
}
