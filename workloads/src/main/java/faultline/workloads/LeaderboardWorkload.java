package faultline.workloads;

import faultline.checker.model.Models;
import faultline.checker.Checker;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisVariant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A leaderboard per key, of eight members: {@code incr [member n]} (n from 1 to 5), {@code score}
 * of one member and {@code top} 3, ending with a read of the whole board ({@code top 0}). Every
 * member's score is checked as a counter, and every top read against the scores some state of
 * the board could give ({@link faultline.checker.leaderboard.Leaderboard} has the history's shape).
 */
public final class LeaderboardWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("leaderboard")
      .shows("a leaderboard per key: incr of a member's score, score of one member, top 3; every score a counter, "
          + "every top read one some state of the board gives")
      .make(settings -> new LeaderboardWorkload())
      .clients(RedisVariant.ZINCRBY, RedisVariant.ZSCORE_ZADD, PostgresVariant.LEADERBOARD, PostgresVariant.LEADERBOARD_SELECT_UPDATE)
      .build();

  static final int MEMBERS = 8;
  static final long TOP = 3;

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "b";
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    return Models.LEADERBOARD.checkers(); // declared once, so faultline check judges its history alike
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      @Override
      public Invocation next(SplittableRandom random) {
        String member = "m" + random.nextInt(MEMBERS);
        int kind = random.nextInt(10);
        if (kind < 6) return new Invocation("incr", key, List.of(member, (long) (1 + random.nextInt(5))));
        if (kind < 8) return new Invocation("score", key, member);
        return new Invocation("top", key, TOP);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation("top", key, 0L);
      }
    };
  }
}
