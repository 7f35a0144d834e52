package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * The PostgreSQL {@code --client} variants: how a workload's ops become SQL. Each constant is one
 * variant, declared once: its name, what it runs, the tables it needs, whether its transactions
 * lock several rows, and the client it opens. A new one is a constant here (and its client's
 * class); its workload lists it in its {@link faultline.workloads.WorkloadKind}.
 */
public enum PostgresVariant implements ClientVariant {
  UPDATE("pg-update", "UPDATE ... SET v = v + d (as an upsert), atomic in any isolation", Tables.COUNTERS, Locks.ONE_ROW,
      pg -> new PostgresCounterClient(pg, true)),
  SELECT_UPDATE("pg-select-update", "SELECT v, then UPDATE to v + d in one transaction: loses updates under read committed",
      Tables.COUNTERS, Locks.ONE_ROW, pg -> new PostgresCounterClient(pg, false)),
  UPDATE_WHERE("pg-update-where", "SELECT, upsert, and cas by UPDATE ... WHERE v = expected", Tables.REGISTERS, Locks.ONE_ROW,
      PostgresRegisterClient::new),
  INSERT("pg-insert", "INSERT of (key, element), SELECT of a key's elements", Tables.SETS, Locks.ONE_ROW, PostgresSetClient::new),
  APPEND("pg-append", "transactions of SELECTs and concatenating upserts, one row per key (Jepsen's PostgreSQL suite)",
      Tables.LISTS, Locks.MANY_ROWS, pg -> new PostgresAppendClient(pg, false)),
  TXN_REGISTER("pg-txn-register", "transactions of SELECTs and upserts of single values, a row per register",
      Tables.TXN_REGISTERS, Locks.MANY_ROWS, pg -> new PostgresAppendClient(pg, true)),
  BANK("pg-bank", "a row per account; transfers read both balances and write both (Jepsen's)", Tables.BANK, Locks.MANY_ROWS,
      pg -> new PostgresBankClient(pg, false)),
  LEADERBOARD("pg-leaderboard", "a row per member: upsert of score = score + n; ORDER BY score DESC LIMIT k", Tables.LEADERBOARD,
      Locks.ONE_ROW, pg -> new PostgresLeaderboardClient(pg, true)),
  LEADERBOARD_SELECT_UPDATE("pg-leaderboard-select-update", "SELECT the score, then upsert the sum computed in the application, in "
      + "one transaction: a read-add-write that loses updates under read committed", Tables.LEADERBOARD, Locks.ONE_ROW,
      pg -> new PostgresLeaderboardClient(pg, false)),
  SKIP_LOCKED("pg-skip-locked", "a row per job: claim by SELECT ... FOR UPDATE SKIP LOCKED, run and mark done in one transaction",
      Tables.JOBS, Locks.ONE_ROW, PostgresJobsClient::new),
  BANK_LEDGER("pg-bank-ledger", "a row per movement; balances are sums, transfers insert two rows", Tables.BANK, Locks.ONE_ROW,
      pg -> new PostgresBankClient(pg, true)),
  ADVISORY_LOCK("pg-advisory", "session-level pg_try_advisory_lock and pg_advisory_unlock; the counter read and written on that session",
      Tables.LOCKS, Locks.ONE_ROW, pg -> new PostgresLockClient(pg, false)),
  ROW_LOCK("pg-row-lock", "SELECT ... FOR UPDATE NOWAIT of the lock's row; the counter in that transaction, committed as the release",
      Tables.LOCKS, Locks.ONE_ROW, pg -> new PostgresLockClient(pg, true));

  /** Creates a variant's tables (and first rows), idempotently. */
  interface Schema {
    void create(Statement s) throws SQLException;
  }

  /** The schemas, outside the enum so that its constants can name them. */
  static final class Tables {
    static final Schema COUNTERS = s -> s.execute("CREATE TABLE IF NOT EXISTS counters (k text PRIMARY KEY, v bigint NOT NULL)");
    static final Schema REGISTERS = s -> s.execute("CREATE TABLE IF NOT EXISTS registers (k text PRIMARY KEY, v bigint)");
    static final Schema SETS = s -> s.execute("CREATE TABLE IF NOT EXISTS sets (k text NOT NULL, e bigint NOT NULL, PRIMARY KEY (k, e))");
    static final Schema LISTS = s -> s.execute(PostgresAppendClient.TABLE);
    static final Schema TXN_REGISTERS = s -> s.execute(PostgresAppendClient.REGISTERS);
    static final Schema BANK = PostgresBankClient::setup;
    static final Schema LEADERBOARD = s -> s.execute(PostgresLeaderboardClient.TABLE);
    static final Schema JOBS = s -> s.execute(PostgresJobsClient.TABLE);
    /** The lock rows, and the counters their holders increment. */
    static final Schema LOCKS = s -> {
      COUNTERS.create(s);
      PostgresLockClient.setup(s);
    };

    private Tables() {}
  }

  /**
   * Whether a transaction writes several rows, and so may deadlock. PostgreSQL looks for deadlocks
   * only after deadlock_timeout (1 s), past the op timeout, and a deadlock would end info instead
   * of 40P01 (fail); such variants' connections look sooner.
   */
  enum Locks { ONE_ROW, MANY_ROWS }

  private final String id;
  private final String description;
  private final Schema schema;
  private final Locks locks;
  private final Function<PostgresConnections, Client> client;

  PostgresVariant(String id, String description, Schema schema, Locks locks, Function<PostgresConnections, Client> client) {
    this.id = id;
    this.description = description;
    this.schema = schema;
    this.locks = locks;
    this.client = client;
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
  public boolean cas() {
    return this == UPDATE_WHERE;
  }

  @Override
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new PostgresClients(this, targets, options, concurrency);
  }

  Schema schema() {
    return schema;
  }

  boolean locksManyRows() {
    return locks == Locks.MANY_ROWS;
  }

  Client client(PostgresConnections connections) {
    return client.apply(connections);
  }
}
