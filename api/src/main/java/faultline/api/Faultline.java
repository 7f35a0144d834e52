package faultline.api;

/**
 * Where a test of your own code starts:
 *
 * <pre>{@code
 * Result result = Faultline.test("leaderboard")
 *     .topology(Topology.REDIS_SINGLE)
 *     .clients(endpoints -> new LeaderboardClient(endpoints.redisUri()))
 *     .workload(Workloads.counter().keys(4))
 *     .nemesis(Faults.partition(), Faults.kill())
 *     .timeLimit(Duration.ofSeconds(10))
 *     .run();
 * result.assertValid();
 * }</pre>
 *
 * <p>{@link TestBuilder#run()} starts the servers (or uses the {@link Servers} given), runs one
 * worker per logical process with your {@link Client}s while the nemesis injects the faults, heals,
 * reads every key once more, checks the history with the workload's checkers and writes the run
 * folder with its report, as {@code faultline run} does.
 */
public final class Faultline {
  private Faultline() {}

  /**
   * A new test.
   *
   * @param name the test's name: its run folders go to {@code STORE/NAME/TIME}
   * @return the test's builder
   */
  public static TestBuilder test(String name) {
    return new TestBuilder(name);
  }
}
