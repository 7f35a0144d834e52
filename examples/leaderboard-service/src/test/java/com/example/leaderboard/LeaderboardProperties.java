package com.example.leaderboard;

import faultline.api.Plan;
import faultline.api.PlanCheck;
import faultline.api.Plans;
import faultline.api.Workloads;
import java.util.function.Function;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Concurrent plans against the leaderboard in memory, no servers: each try runs its processes on
 * threads at once, and faultline's counter checker is the oracle. A failing plan shrinks to a
 * minimal one, which jqwik prints as the "Shrunk Sample" and the failure message names.
 */
class LeaderboardProperties {

  @Provide
  Arbitrary<Plan> plans() {
    return Plans.plans(Plans.counterOperations("alice", "bob"), 3, 4);
  }

  private static void check(Plan plan, Function<ScoreStore, Leaderboard> service) {
    PlanCheck.of(Workloads.counter()).check(plan, () -> {
      Leaderboard board = service.apply(new InMemoryScoreStore()); // fresh scores for every repetition
      return endpoints -> LeaderboardClient.inMemory(board);
    }).assertValid();
  }

  /** Fails, and shrinks to two processes adding to one player at once. */
  @Property(tries = 100)
  void readAddWriteLosesNoPoints(@ForAll("plans") Plan plan) {
    check(plan, Leaderboard::readAddWrite);
  }

  /** Passes. */
  @Property(tries = 50)
  void incrementLosesNoPoints(@ForAll("plans") Plan plan) {
    check(plan, Leaderboard::increment);
  }
}
