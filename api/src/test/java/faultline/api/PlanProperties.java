package faultline.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Plans that pass: an atomic add, in memory and against a real Redis. */
class PlanProperties {
  private static Servers redis;
  private static Path store;

  @BeforeContainer
  static void start() throws IOException {
    store = Files.createTempDirectory("faultline-plans-");
    redis = Servers.start(Topology.REDIS_SINGLE, store);
  }

  @AfterContainer
  static void stop() {
    if (redis != null) redis.close();
  }

  @Provide
  Arbitrary<Plan> plans() {
    return Plans.plans(Plans.counterOperations("alice", "bob"), 3, 4);
  }

  @Property(tries = 30)
  void anAtomicAddLosesNothingInMemory(@ForAll("plans") Plan plan) {
    Result r = PlanCheck.of(Workloads.counter()).repetitions(3).check(plan, () -> {
      InMemoryCounters counters = new InMemoryCounters();
      return endpoints -> counters.client(true);
    });
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.VALID);
    assertThat(r.test()).isEqualTo("plan " + plan);
  }

  @Property(tries = 8)
  void incrbyLosesNothingOnRedis(@ForAll("plans") Plan plan) {
    PlanCheck.of(Workloads.counter()).repetitions(2).on(redis)
        .check(plan, () -> endpoints -> new RedisCounterClient(endpoints.redisUri(), true)).assertValid();
  }
}
