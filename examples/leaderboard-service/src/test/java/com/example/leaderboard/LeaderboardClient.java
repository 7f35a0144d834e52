package com.example.leaderboard;

import faultline.api.Client;
import faultline.api.Completion;
import faultline.api.Invocation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.Function;

/**
 * The leaderboard as one logical process of a faultline test (the counter workload): {@code add}
 * is addPoints, {@code read} is score. The outcome rules: a reply means ok; a timeout or a broken
 * connection means nobody knows whether the points were added (info).
 */
final class LeaderboardClient implements Client {
  private final Leaderboard board;
  private final AutoCloseable resources;

  private LeaderboardClient(Leaderboard board, AutoCloseable resources) {
    this.board = board;
    this.resources = resources;
  }

  /** A client of its own Redis connection, through faultline's proxy; {@code service} picks the implementation. */
  static LeaderboardClient onRedis(RedisURI uri, Function<ScoreStore, Leaderboard> service) {
    RedisClient redis = RedisClient.create(uri);
    try {
      StatefulRedisConnection<String, String> connection = redis.connect();
      return new LeaderboardClient(service.apply(new RedisScoreStore(connection.sync())), () -> {
        connection.close();
        redis.shutdown();
      });
    } catch (RuntimeException e) {
      redis.shutdown();
      throw e; // a connection refused before anything was sent: faultline counts the op as fail
    }
  }

  /** A client of a leaderboard in memory. */
  static LeaderboardClient inMemory(Leaderboard board) {
    return new LeaderboardClient(board, () -> {});
  }

  @Override
  public Completion invoke(Invocation op) {
    try {
      return switch (op.f()) {
        case "add" -> {
          board.addPoints(op.key(), op.longValue());
          yield Completion.ok(op.value());
        }
        case "read" -> Completion.ok(board.score(op.key()));
        default -> Completion.fail("no such operation: " + op.f()); // nothing was sent
      };
    } catch (RedisCommandTimeoutException e) {
      return Completion.info("timeout"); // sent, no reply: the points may have been added
    } catch (RedisException e) {
      return Completion.info(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      // a connection cut by a fault may not close cleanly; the process is over either way
    }
  }
}
