package com.example.leaderboard;

/** The service: players earn points, and anyone may ask for a player's score. */
public interface Leaderboard {
  void addPoints(String player, long points);

  long score(String player);

  /**
   * Reads the score, adds, and writes it back: two round trips, and a mistake people make. Two
   * adds for the same player at once both read the old score, and one of them is lost.
   */
  static Leaderboard readAddWrite(ScoreStore store) {
    return new Leaderboard() {
      @Override
      public void addPoints(String player, long points) {
        long current = store.get(player);
        store.put(player, current + points);
      }

      @Override
      public long score(String player) {
        return store.get(player);
      }
    };
  }

  /** Adds on the store's side in one command (ZINCRBY on Redis): nothing to lose between steps. */
  static Leaderboard increment(ScoreStore store) {
    return new Leaderboard() {
      @Override
      public void addPoints(String player, long points) {
        store.increment(player, points);
      }

      @Override
      public long score(String player) {
        return store.get(player);
      }
    };
  }
}
