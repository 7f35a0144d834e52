package com.example.leaderboard;

import faultline.api.Faults;
import faultline.api.FaultlineExtension;
import faultline.api.TestBuilder;
import faultline.api.Topology;
import faultline.api.Workloads;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Add points" under faults, against a real Redis behind Toxiproxy: the servers are started once
 * for the class (a static field) and emptied before each test. An anomaly fails the test with
 * the checker's explanation and the path of report.html.
 */
class LeaderboardFaultTest {
  @RegisterExtension
  static final FaultlineExtension faultline = FaultlineExtension.servers(Topology.REDIS_SINGLE);

  private static TestBuilder addPoints(String name, Function<ScoreStore, Leaderboard> service) {
    return faultline.test(name)
        .clients(endpoints -> LeaderboardClient.onRedis(endpoints.redisUri(), service))
        .workload(Workloads.counter().keys(4))
        .nemesis(Faults.pause(), Faults.latency())
        .nemesisInterval(Duration.ofMillis(1500))
        .concurrency(6)
        .timeLimit(Duration.ofSeconds(6));
  }

  /** Fails: two adds for the same player both read the old score, and one is lost. */
  @Test
  void readAddWriteKeepsEveryPoint() throws InterruptedException {
    addPoints("read-add-write", Leaderboard::readAddWrite).run();
  }

  /** Passes: ZINCRBY adds on Redis's side, and a timed-out add is info, not a loss. */
  @Test
  void zincrbyKeepsEveryPoint() throws InterruptedException {
    addPoints("zincrby", Leaderboard::increment).run();
  }
}
