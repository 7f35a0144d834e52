package faultline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder running users' own clients against real servers, and its refusals of bad use. */
class FaultlineRunTest {
  @TempDir Path store;
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  private TestBuilder counters(String name, boolean atomic) {
    return Faultline.test(name).store(store).log(quiet).topology(Topology.REDIS_SINGLE)
        .clients(e -> new RedisCounterClient(e.redisUri(), atomic))
        .workload(Workloads.counter().keys(2)).concurrency(4).rate(400).timeLimit(Duration.ofSeconds(3));
  }

  @Test
  void readAddWriteLosesUpdatesAndTheResultSaysWhereTheReportIs() throws Exception {
    Result r = counters("read-add-write", false).run();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.checks()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("counter");
      assertThat(c.verdict()).isEqualTo(Verdict.INVALID);
    });
    assertThat(r.explanations()).isNotEmpty();
    assertThat(r.report()).get().satisfies(p -> assertThat(Files.exists(p)).isTrue());
    assertThat(r.message()).contains("counter: invalid").contains("report: " + r.report().get().toAbsolutePath());
    assertThatThrownBy(r::assertValid).isInstanceOf(AssertionError.class).hasMessageContaining("report.html");
  }

  @Test
  void incrbyUnderPausesAndLatencyIsValid() throws Exception {
    Result r = counters("incrby", true).nemesis(Faults.pause(), Faults.latency()).nemesisInterval(Duration.ofMillis(700)).run();
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.VALID);
    assertThat(r.ok()).isPositive();
    assertThat(Files.readString(r.runFolder().get().resolve("results.json"))).contains("\"faults-applied\"");
    r.assertValid();
  }

  @Test
  void aFaultTheTopologyCannotHaveIsRefused() {
    assertThatThrownBy(() -> counters("one-node", true).nemesis(Faults.partition()).run()).isInstanceOf(FaultlineException.class)
        .hasMessage("one-node: partition needs more than one node; redis-single has one");
  }

  @Test
  void aCustomWorkloadNeedsAModelThatKnowsItsOperations() {
    Workload incr = Workloads.custom("incr", (key, random) -> new Invocation("incr", key, 1L));
    assertThatThrownBy(() -> counters("custom", true).workload(incr).run()).isInstanceOf(FaultlineException.class)
        .hasMessage("custom: workload incr has no checker: give it a model, e.g. .model(\"counter\")");
    assertThatThrownBy(() -> counters("custom", true).workload(incr.model("counter")).run()).isInstanceOf(FaultlineException.class)
        .hasMessage("custom: model counter does not fit workload incr's operation incr: the counter model has no function incr (it knows add, read)");
    assertThatThrownBy(() -> counters("custom", true).workload(incr.model("kounter")).run()).isInstanceOf(FaultlineException.class)
        .hasMessageStartingWith("custom: unknown model 'kounter'");
  }

  @Test
  void aCustomWorkloadOfTheUsersOwnOperationsIsJudgedByItsModel() throws Exception {
    // A register of the user's own: writes of fresh values and reads, on one key, through SET and GET.
    Workload register = Workloads.custom("my-register", (key, random) -> random.nextBoolean()
        ? new Invocation("write", key, random.nextLong(1, 1_000_000)) : new Invocation("read", key, null)).model("register").keys(2).opsPerKey(30);
    Result r = Faultline.test("my-register").store(store).log(quiet).topology(Topology.REDIS_SINGLE)
        .clients(e -> new RedisRegisterClient(e.redisUri())).workload(register).rate(100).timeLimit(Duration.ofSeconds(2)).run();
    assertThat(r.verdict()).as(r.message()).isEqualTo(Verdict.VALID);
    assertThat(r.checks()).extracting(Check::name).containsExactly("linearizable");
    assertThat(r.checks().get(0).models()).containsEntry("linearizable", Verdict.VALID).containsEntry("sequential", Verdict.VALID);
  }

  @Test
  void noClientIsRefused() {
    assertThatThrownBy(() -> Faultline.test("none").store(store).log(quiet).run())
        .isInstanceOf(FaultlineException.class).hasMessage("none: no client: say .clients(endpoints -> new YourClient(...))");
  }

  @Test
  void aModelThatDoesNotFitTheOperationsIsRefused() {
    assertThatThrownBy(() -> counters("misfit", true).workload(Workloads.counter().model("register")).run())
        .isInstanceOf(FaultlineException.class)
        .hasMessageStartingWith("misfit: model register does not fit workload counter's operation add: ");
  }

  @Test
  void aClientThatThrowsWhenOpenedIsRefusedBeforeAnyFault() {
    assertThatThrownBy(() -> counters("throws", true).clients(e -> {
      throw new IllegalStateException("no configuration file");
    }).run()).isInstanceOf(FaultlineException.class)
        .hasMessage("throws: the client factory threw before any fault: IllegalStateException: no configuration file");
  }

  @Test
  void missingServersAreOneLine() {
    System.setProperty("faultline.environments.path", store.toString()); // nowhere holds redis-server
    try {
      assertThatThrownBy(() -> counters("missing", true).run()).isInstanceOf(FaultlineException.class)
          .hasMessageStartingWith("cannot start redis-single: ").hasMessageContaining("not found")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    } finally {
      System.clearProperty("faultline.environments.path");
    }
  }

  @Test
  void unknownFailsUnlessAllowed() throws Exception {
    // A rate so low that the load makes no operation: nothing to judge, so unknown.
    Result r = counters("idle", true).rate(0.01).timeLimit(Duration.ofMillis(500)).run();
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).get().asString().contains("nothing to judge");
    assertThatThrownBy(r::assertValid).isInstanceOf(AssertionError.class).hasMessageStartingWith("unknown, and this test allows no unknown");
    assertThat(r.assertValid(true)).isSameAs(r);
  }
}
