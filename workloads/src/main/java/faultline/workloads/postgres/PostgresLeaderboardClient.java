package faultline.workloads.postgres;

import faultline.workloads.Client;
import faultline.workloads.Completion;
import faultline.workloads.Invocation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * leaderboard on PostgreSQL, a row per board and member: {@code incr} by an upsert of
 * {@code score = score + n} (atomic in any isolation); {@code score} by SELECT; {@code top k} by
 * {@code ORDER BY score DESC, member DESC LIMIT k} (every row for k 0).
 */
final class PostgresLeaderboardClient implements Client {
  static final String TABLE = "CREATE TABLE IF NOT EXISTS leaderboard (board text NOT NULL, member text NOT NULL, "
      + "score bigint NOT NULL, PRIMARY KEY (board, member))";

  private final PostgresConnections pg;

  PostgresLeaderboardClient(PostgresConnections pg) {
    this.pg = pg;
  }

  @Override
  public Completion invoke(Invocation op) {
    return switch (op.f()) {
      case "incr" -> pg.write(c -> {
        List<?> v = (List<?>) op.value();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO leaderboard (board, member, score) VALUES (?, ?, ?) "
            + "ON CONFLICT (board, member) DO UPDATE SET score = leaderboard.score + EXCLUDED.score")) {
          s.setString(1, op.key());
          s.setString(2, (String) v.get(0));
          s.setLong(3, (Long) v.get(1));
          s.executeUpdate();
        }
        return Completion.ok(v);
      });
      case "score" -> pg.read(c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT score FROM leaderboard WHERE board = ? AND member = ?")) {
          s.setString(1, op.key());
          s.setString(2, (String) op.value());
          try (ResultSet r = s.executeQuery()) {
            return Completion.ok(Arrays.asList(op.value(), r.next() ? r.getLong(1) : null));
          }
        }
      });
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

  @Override
  public void close() {
    pg.close();
  }
}
