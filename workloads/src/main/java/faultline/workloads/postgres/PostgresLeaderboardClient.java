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
 * leaderboard on PostgreSQL, a row per board and member: {@code incr} by an upsert of
 * {@code score = score + n} (atomic in any isolation), or, read-add-write, by a SELECT of the
 * score and an upsert of the sum computed in the application, in one transaction (under read
 * committed the second of two concurrent increments waits for the first's row lock and then
 * writes its own sum over it: an increment lost); {@code score} by SELECT; {@code top k} by
 * {@code ORDER BY score DESC, member DESC LIMIT k} (every row for k 0).
 */
final class PostgresLeaderboardClient implements Client {
  static final String TABLE = "CREATE TABLE IF NOT EXISTS leaderboard (board text NOT NULL, member text NOT NULL, "
      + "score bigint NOT NULL, PRIMARY KEY (board, member))";

  private final PostgresConnections pg;
  private final boolean atomic;

  PostgresLeaderboardClient(PostgresConnections pg, boolean atomic) {
    this.pg = pg;
    this.atomic = atomic;
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "incr" -> pg.write(c -> {
        List<?> v = (List<?>) op.value();
        String member = (String) v.get(0);
        long n = (Long) v.get(1);
        if (atomic) {
          upsert(c, op.key(), member, n, "leaderboard.score + EXCLUDED.score");
        } else {
          Long current = score(c, op.key(), member);
          upsert(c, op.key(), member, (current == null ? 0 : current) + n, "EXCLUDED.score");
        }
        return Completion.ok(v);
      });
      case "score" -> pg.read(c -> Completion.ok(Arrays.asList(op.value(), score(c, op.key(), (String) op.value()))));
      case "top" -> pg.read(c -> {
        long k = (Long) op.value();
        try (PreparedStatement s = c.prepareStatement("SELECT member, score FROM leaderboard WHERE board = ? "
            + "ORDER BY score DESC, member DESC" + (k > 0 ? " LIMIT ?" : ""))) {
          s.setString(1, op.key());
          if (k > 0) s.setLong(2, k);
          List<List<Object>> entries = new ArrayList<>();
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) entries.add(List.of(r.getString(1), r.getLong(2)));
          }
          return Completion.ok(entries);
        }
      });
      default -> throw new IllegalArgumentException("leaderboard has no function " + op.f());
    };
  }

  /** The member's score, or null when it has none. */
  private static Long score(Connection c, String board, String member) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT score FROM leaderboard WHERE board = ? AND member = ?")) {
      s.setString(1, board);
      s.setString(2, member);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    }
  }

  /** Inserts the member with {@code score}, or sets an existing row's score to {@code onConflict}. */
  private static void upsert(Connection c, String board, String member, long score, String onConflict) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO leaderboard (board, member, score) VALUES (?, ?, ?) "
        + "ON CONFLICT (board, member) DO UPDATE SET score = " + onConflict)) {
      s.setString(1, board);
      s.setString(2, member);
      s.setLong(3, score);
      s.executeUpdate();
    }
  }

  @Override
  public void close() {
    pg.close();
  }
}
