package faultline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Plans as jqwik's oracle: a lost update in memory is found and shrunk, through jqwik's own engine. */
class PlanCheckTest {

  /** A user's property over a read-add-write counter; Surefire runs no nested class by itself. */
  static class LostUpdate {
    @Provide
    Arbitrary<Plan> plans() {
      return Plans.plans(Plans.counterOperations("alice", "bob"), 3, 4);
    }

    @Property(tries = 100, seed = "42")
    void readAddWriteLosesNothing(@ForAll("plans") Plan plan) {
      PlanCheck.of(Workloads.counter()).check(plan, () -> {
        InMemoryCounters counters = new InMemoryCounters();
        return endpoints -> counters.client(false);
      }).assertValid();
    }
  }

  @Test
  void aLostUpdateIsFoundAndShrunkToTwoAdds() {
    Events events = EngineTestKit.engine("jqwik").selectors(selectClass(LostUpdate.class)).execute().testEvents();
    events.assertStatistics(s -> s.failed(1));
    Throwable failure = events.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    String message = failure.getMessage();
    // The shrunk plan: two processes, one add each, on one key; the final read shows one add lost.
    assertThat(message).as(message).containsPattern("plan p0: add\\((alice|bob), \\d\\) \\| p1: add\\(\\1, \\d\\): invalid")
        .contains("counter: invalid");
  }

  @Test
  void aPlanByHandIsJudged() {
    Plan plan = Plan.of(List.of(new Invocation("add", "k", 2L)), List.of(new Invocation("add", "k", 3L), new Invocation("read", "k", null)));
    assertThat(plan.toString()).isEqualTo("p0: add(k, 2) | p1: add(k, 3), read(k)");
    Result r = PlanCheck.of(Workloads.counter()).check(plan, () -> {
      InMemoryCounters counters = new InMemoryCounters();
      return endpoints -> counters.client(true);
    });
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.ok()).isEqualTo(4); // three planned, one final read
    assertThat(r.runFolder()).isEmpty();
  }

  @Test
  void aPlanInMemoryHasNoServersToConnectTo() {
    Plan plan = Plan.of(List.of(new Invocation("read", "k", null)));
    assertThatThrownBy(() -> PlanCheck.of(Workloads.counter()).check(plan, () -> endpoints -> new RedisCounterClient(endpoints.redisUri(), true)))
        .isInstanceOf(FaultlineException.class)
        .hasMessage("no servers: this check runs in memory, so there is no Redis URI to connect to");
  }
}
