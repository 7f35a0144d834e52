package faultline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The JUnit extension, through JUnit itself (EngineTestKit): the nested classes are users' test
 * classes, run against real servers; Surefire runs no nested class by itself.
 */
class FaultlineExtensionTest {
  @TempDir static Path store;

  @BeforeAll
  static void openToPostgres() throws IOException {
    // PostgreSQL runs as its own user, and its data folder lies under the store.
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static TestBuilder counters(FaultlineExtension faultline, String name, boolean atomic) {
    return faultline.test(name).clients(e -> new RedisCounterClient(e.redisUri(), atomic))
        .workload(Workloads.counter().keys(2)).concurrency(4).rate(400).timeLimit(Duration.ofSeconds(2));
  }

  /** Servers for the class; one test loses updates, one keeps them, two make no operation at all. */
  static class PerClass {
    @RegisterExtension static final FaultlineExtension faultline = FaultlineExtension.servers(Topology.REDIS_SINGLE).store(store);

    @Test
    void readAddWrite() throws InterruptedException {
      counters(faultline, "read-add-write", false).run();
    }

    @Test
    void incrby() throws InterruptedException {
      counters(faultline, "incrby", true).nemesis(Faults.pause()).nemesisInterval(Duration.ofMillis(500)).run();
    }

    @Test
    void idle() throws InterruptedException {
      counters(faultline, "idle", true).rate(0.01).timeLimit(Duration.ofMillis(300)).run();
    }

    @Test
    @AllowUnknown
    void idleAllowed() throws InterruptedException {
      counters(faultline, "idle-allowed", true).rate(0.01).timeLimit(Duration.ofMillis(300)).run();
    }
  }

  /** Servers per test. */
  static class PerTest {
    @RegisterExtension final FaultlineExtension faultline = FaultlineExtension.servers(Topology.PG_SINGLE).store(store);

    @Test
    void first() throws InterruptedException {
      faultline.test("pg-first").clients(e -> new PostgresCounterClient(e.dataSource())).workload(Workloads.counter().keys(2))
          .rate(200).timeLimit(Duration.ofSeconds(1)).run();
    }

    @Test
    void second() throws InterruptedException {
      first();
    }
  }

  private static Events run(Class<?> cases) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(cases)).execute().testEvents();
  }

  /** What failed and why, for an assertion's message. */
  private static String failures(Events events) {
    StringBuilder out = new StringBuilder();
    events.failed().stream().forEach(e -> out.append(e.getTestDescriptor().getDisplayName()).append(": ")
        .append(e.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().map(Throwable::toString).orElse("?"))
        .append('\n'));
    return out.toString();
  }

  private static long serverFolders(String topology) throws IOException {
    Path servers = store.resolve("servers-" + topology);
    if (!Files.isDirectory(servers)) return 0;
    try (Stream<Path> runs = Files.list(servers)) {
      return runs.count();
    }
  }

  @Test
  void anAnomalyAndAnUnallowedUnknownFailTheirTestsAndTheRestPass() throws IOException {
    Events events = run(PerClass.class);
    events.assertStatistics(s -> s.started(4).succeeded(2).failed(2));
    events.assertThatEvents()
        .haveExactly(1, event(test("readAddWrite"), finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.startsWith("read-add-write: invalid") && m.contains("counter: invalid") && m.contains("report.html")))))
        .haveExactly(1, event(test("idle"), finishedWithFailure(instanceOf(AssertionError.class),
            message(m -> m.startsWith("unknown, and this test allows no unknown") && m.contains("nothing to judge")))));
    assertThat(serverFolders("redis-single")).as("one set of servers for the class").isEqualTo(1);
  }

  @Test
  void anInstanceFieldStartsServersForEachTest() throws IOException {
    Events events = run(PerTest.class);
    assertThat(events.failed().count()).as(failures(events)).isZero();
    events.assertStatistics(s -> s.started(2).succeeded(2));
    assertThat(serverFolders("pg-single")).as("servers per test").isEqualTo(2);
  }
}
