package com.example.leaderboard;

import io.lettuce.core.api.sync.RedisCommands;

/** Scores in one Redis sorted set, {@code leaderboard}: ZSCORE, ZADD and ZINCRBY. */
public final class RedisScoreStore implements ScoreStore {
  static final String BOARD = "leaderboard";
  private final RedisCommands<String, String> redis;

  public RedisScoreStore(RedisCommands<String, String> redis) {
    this.redis = redis;
  }

  @Override
  public long get(String player) {
    Double score = redis.zscore(BOARD, player);
    return score == null ? 0 : score.longValue();
  }

  @Override
  public void put(String player, long score) {
    redis.zadd(BOARD, score, player);
  }

  @Override
  public void increment(String player, long points) {
    redis.zincrby(BOARD, points, player);
  }
}
