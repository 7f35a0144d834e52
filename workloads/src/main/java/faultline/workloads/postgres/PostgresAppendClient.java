package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * list-append on PostgreSQL, as Jepsen's PostgreSQL suite stores it: one row per key holding its
 * elements as comma-separated text. A transaction's micro-ops run in order in one transaction at
 * the pool's isolation level: {@code r} by SELECT, {@code append} by one upsert that concatenates
 * (the row is created by the first append). A transaction of reads only goes where reads go
 * (a replica with {@code --read-from replica}); any other to the primary.
 *
 * <p>rw-register ({@code pg-txn-register}) is the same with a row per register: {@code r} by
 * SELECT, {@code w} by an upsert of the value.
 *
 * <p>Outcomes are {@link SqlOutcomes}': a serialization failure (40001) or deadlock (40P01)
 * rolled the transaction back ({@code fail}); a connection lost before the COMMIT's answer
 * leaves it {@code info}. Nothing is retried.
 */
final class PostgresAppendClient implements Client {
  static final String TABLE = "CREATE TABLE IF NOT EXISTS lists (k bigint PRIMARY KEY, v text NOT NULL)";
  static final String READ = "SELECT v FROM lists WHERE k = ?";
  static final String APPEND = "INSERT INTO lists AS t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = t.v || ',' || EXCLUDED.v";
  /** rw-register ({@code pg-txn-register}): a row per register. */
  static final String REGISTERS = "CREATE TABLE IF NOT EXISTS txn_registers (k bigint PRIMARY KEY, v bigint NOT NULL)";
  static final String READ_REGISTER = "SELECT v FROM txn_registers WHERE k = ?";
  static final String WRITE = "INSERT INTO txn_registers (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";

  private final PostgresConnections pg;
  private final boolean registers;

  /** @param registers rw-register ({@code r} and {@code w} of single values) instead of lists */
  PostgresAppendClient(PostgresConnections pg, boolean registers) {
    this.pg = pg;
    this.registers = registers;
  }

  @Override
  public Completion invoke(Invocation op) {
    if (!op.f().equals("txn")) throw new IllegalArgumentException("transactional workloads have no function " + op.f());
    List<?> mops = (List<?>) op.value();
    boolean readOnly = mops.stream().allMatch(m -> ((List<?>) m).get(0).equals("r"));
    PostgresConnections.Transaction body = c -> Completion.ok(run(c, mops));
    return readOnly ? pg.read(body) : pg.write(body);
  }

  private List<Object> run(Connection c, List<?> mops) throws SQLException {
    List<Object> done = new ArrayList<>(mops.size());
    try (PreparedStatement read = c.prepareStatement(registers ? READ_REGISTER : READ);
        PreparedStatement append = c.prepareStatement(registers ? WRITE : APPEND)) {
      for (Object m : mops) {
        List<?> mop = (List<?>) m;
        long key = (Long) mop.get(1);
        if (mop.get(0).equals("r")) {
          read.setLong(1, key);
          try (ResultSet r = read.executeQuery()) {
            Object value = registers ? (r.next() ? (Object) r.getLong(1) : null) : r.next() ? elements(r.getString(1)) : List.of();
            done.add(Arrays.asList("r", key, value));
          }
        } else {
          append.setLong(1, key);
          if (registers) append.setLong(2, (Long) mop.get(2));
          else append.setString(2, mop.get(2).toString());
          append.executeUpdate();
          done.add(mop);
        }
      }
    }
    return done;
  }

  private static List<Long> elements(String text) {
    List<Long> out = new ArrayList<>();
    for (String e : text.split(",")) out.add(Long.parseLong(e));
    return out;
  }

  @Override
  public void close() {
    pg.close();
  }
}
