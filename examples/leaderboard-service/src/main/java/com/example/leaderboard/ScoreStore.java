package com.example.leaderboard;

/** Where players' scores live: Redis in production, a map in unit tests. */
public interface ScoreStore {
  /** The player's score, 0 when the player has none. */
  long get(String player);

  /** Sets the player's score. */
  void put(String player, long score);

  /** Adds to the player's score in one step, on the store's side. */
  void increment(String player, long points);
}
