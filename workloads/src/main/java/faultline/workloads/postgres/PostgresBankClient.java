package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import faultline.workloads.txn.BankWorkload;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * bank on PostgreSQL, in one of two layouts, each transfer and each read one transaction at the
 * pool's isolation level:
 *
 * <ul>
 *   <li>{@code pg-bank}, Jepsen's: a row per account; a transfer reads both balances and writes
 *       both new ones. Two transfers out of one account write the same row, so from repeatable
 *       read up the second gets 40001; under read committed both read the same balance and one
 *       write is lost, and reads show a wrong total.
 *   <li>{@code pg-bank-ledger}: a row per movement; a balance is the sum of its account's rows,
 *       and a transfer reads the source's balance, then inserts two rows. Two transfers out of one
 *       account write different rows, so nothing stops both at repeatable read (snapshot isolation
 *       checks only write-write conflicts): write skew, and the account goes below zero.
 *       Serializable sees that each read what the other wrote and refuses one (40001).
 * </ul>
 *
 * A transfer the balance does not allow is refused: {@code fail}, nothing written.
 */
final class PostgresBankClient implements Client {
  private final PostgresConnections pg;
  private final boolean ledger;

  PostgresBankClient(PostgresConnections pg, boolean ledger) {
    this.pg = pg;
    this.ledger = ledger;
  }

  /** The accounts with their initial balances, once, in a fresh database. */
  static void setup(Statement s) throws SQLException {
    s.execute("CREATE TABLE IF NOT EXISTS bank_accounts (account bigint PRIMARY KEY, balance bigint NOT NULL)");
    s.execute("CREATE TABLE IF NOT EXISTS bank_ledger (id bigserial PRIMARY KEY, account bigint NOT NULL, delta bigint NOT NULL)");
    s.execute("CREATE INDEX IF NOT EXISTS bank_ledger_account ON bank_ledger (account)");
    for (int a = 0; a < BankWorkload.ACCOUNTS; a++) {
      s.execute("INSERT INTO bank_accounts VALUES (" + a + ", " + BankWorkload.INITIAL_BALANCE + ") ON CONFLICT DO NOTHING");
      s.execute("INSERT INTO bank_ledger (account, delta) SELECT " + a + ", " + BankWorkload.INITIAL_BALANCE
          + " WHERE NOT EXISTS (SELECT 1 FROM bank_ledger WHERE account = " + a + ")");
    }
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "read" -> pg.read(c -> Completion.ok(balances(c)));
      case "transfer" -> pg.write(c -> transfer(c, (Map<?, ?>) op.value()));
      default -> throw new IllegalArgumentException("bank has no function " + op.f());
    };
  }

  private Map<Long, Long> balances(Connection c) throws SQLException {
    String sql = ledger ? "SELECT account, sum(delta)::bigint FROM bank_ledger GROUP BY account" : "SELECT account, balance FROM bank_accounts";
    Map<Long, Long> out = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) out.put(r.getLong(1), r.getLong(2));
    }
    return out;
  }

  private Completion transfer(Connection c, Map<?, ?> t) throws SQLException {
    long from = (Long) t.get("from");
    long to = (Long) t.get("to");
    long amount = (Long) t.get("amount");
    long fromBalance = balance(c, from);
    if (fromBalance < amount) return Completion.fail("insufficient funds: account " + from + " has " + fromBalance);
    if (ledger) {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO bank_ledger (account, delta) VALUES (?, ?), (?, ?)")) {
        s.setLong(1, from);
        s.setLong(2, -amount);
        s.setLong(3, to);
        s.setLong(4, amount);
        s.executeUpdate();
      }
    } else {
      long toBalance = balance(c, to);
      set(c, from, fromBalance - amount);
      set(c, to, toBalance + amount);
    }
    return Completion.ok(t);
  }

  private long balance(Connection c, long account) throws SQLException {
    String sql = ledger ? "SELECT coalesce(sum(delta), 0)::bigint FROM bank_ledger WHERE account = ?" : "SELECT balance FROM bank_accounts WHERE account = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, account);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) throw new SQLException("account " + account + " does not exist", "02000");
        return r.getLong(1);
      }
    }
  }

  private static void set(Connection c, long account, long balance) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE bank_accounts SET balance = ? WHERE account = ?")) {
      s.setLong(1, balance);
      s.setLong(2, account);
      s.executeUpdate();
    }
  }

  @Override
  public void close() {
    pg.close();
  }
}
