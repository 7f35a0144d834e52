package faultline.workloads.postgres;

import java.util.Arrays;

/** The PostgreSQL {@code --client} variants: how each workload's ops become SQL. */
public enum PostgresVariant {
  /** counter: {@code UPDATE ... SET v = v + d} (as an upsert), atomic in any isolation. */
  UPDATE("pg-update", "counter"),
  /** counter: SELECT v, then UPDATE to v + d in one transaction: loses updates under read committed. */
  SELECT_UPDATE("pg-select-update", "counter"),
  /** register: SELECT, upsert, and cas by {@code UPDATE ... WHERE v = expected}. */
  UPDATE_WHERE("pg-update-where", "register"),
  /** set: INSERT of (key, element), SELECT of a key's elements. */
  INSERT("pg-insert", "set"),
  /** list-append: transactions of SELECTs and concatenating upserts, one row per key (Jepsen's PostgreSQL suite). */
  APPEND("pg-append", "list-append"),
  /** rw-register: transactions of SELECTs and upserts of single values, a row per register. */
  TXN_REGISTER("pg-txn-register", "rw-register"),
  /** bank: a row per account, transfers read both balances and write both (Jepsen's). */
  BANK("pg-bank", "bank"),
  /** bank: a row per movement, balances are sums, transfers insert two rows. */
  BANK_LEDGER("pg-bank-ledger", "bank"),
  /** lock: session-level pg_try_advisory_lock, pg_advisory_unlock; the counter on the same session. */
  ADVISORY_LOCK("pg-advisory", "lock"),
  /** lock: SELECT ... FOR UPDATE NOWAIT of the lock's row; the counter in that transaction, committed with the release. */
  ROW_LOCK("pg-row-lock", "lock");

  private final String id;
  private final String workload;

  PostgresVariant(String id, String workload) {
    this.id = id;
    this.workload = workload;
  }

  public String id() {
    return id;
  }

  public String workload() {
    return workload;
  }

  public static PostgresVariant byId(String id) {
    return Arrays.stream(values()).filter(v -> v.id.equals(id)).findFirst().orElse(null);
  }
}
