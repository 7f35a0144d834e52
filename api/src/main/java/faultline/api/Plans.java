package faultline.api;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * jqwik arbitraries of concurrent {@link Plan}s, for properties whose tries run your code
 * concurrently and let faultline's checker judge what happened ({@link PlanCheck}). A failing plan
 * shrinks as any list does: fewer processes, fewer operations, smaller arguments, until it is
 * minimal and still fails; jqwik shows that plan, and the failure's message names it with the
 * checker's explanation.
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void addPointsLosesNothing(@ForAll("plans") Plan plan) {
 *   PlanCheck.of(Workloads.counter()).check(plan, () -> {
 *     Leaderboard board = new Leaderboard(new InMemoryScores());   // fresh state per repetition
 *     return endpoints -> new LeaderboardClient(board);
 *   }).assertValid();
 * }
 *
 * @Provide
 * Arbitrary<Plan> plans() {
 *   return Plans.plans(Plans.counterOperations("alice", "bob"), 3, 4);
 * }
 * }</pre>
 */
public final class Plans {
  private Plans() {}

  /**
   * Plans of 1 to {@code maxProcesses} processes, each of 1 to {@code maxOperations} operations.
   *
   * @param operations one operation, drawn for each place of the plan
   * @param maxProcesses at least 1
   * @param maxOperations at least 1
   * @return the arbitrary
   */
  public static Arbitrary<Plan> plans(Arbitrary<Invocation> operations, int maxProcesses, int maxOperations) {
    if (maxProcesses < 1 || maxOperations < 1) throw new FaultlineException("a plan needs at least 1 process of at least 1 operation");
    return operations.list().ofMinSize(1).ofMaxSize(maxOperations).list().ofMinSize(1).ofMaxSize(maxProcesses).map(Plan::new);
  }

  /**
   * The counter workload's operations on {@code keys}: {@code add} of 1 to 5, or {@code read}.
   * Shrinks towards {@code add 1} on the first key.
   *
   * @param keys at least one
   * @return the arbitrary
   */
  public static Arbitrary<Invocation> counterOperations(String... keys) {
    if (keys.length == 0) throw new FaultlineException("counter operations need at least one key");
    Arbitrary<String> key = Arbitraries.of(Arrays.asList(keys));
    Arbitrary<Invocation> add = key.flatMap(k -> Arbitraries.longs().between(1, 5).map(n -> new Invocation("add", k, n)));
    Arbitrary<Invocation> read = key.map(k -> new Invocation("read", k, null));
    return Arbitraries.oneOf(add, read);
  }
}
