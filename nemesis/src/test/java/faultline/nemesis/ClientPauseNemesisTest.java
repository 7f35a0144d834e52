package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.counter.CounterChecker;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Topology;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.CounterWorkload;
import faultline.workloads.HistoryRecorder;
import faultline.workloads.RunConfig;
import faultline.workloads.RunStats;
import faultline.workloads.Runner;
import faultline.workloads.Targets;
import faultline.workloads.postgres.PostgresClients;
import faultline.workloads.postgres.PostgresVariant;
import faultline.workloads.redis.RedisClients;
import faultline.workloads.redis.RedisVariant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * client-pause on a real read-modify-write counter: the paused worker freezes between its read and
 * its write while the others go on (their ops complete inside the pause), and its write lands
 * after the pause, over every increment the others made meanwhile: a lost update the counter
 * checker finds. Nothing here depends on timing: the freeze lasts until the stop, however slow the
 * machine, and the assertions compare the history's own order of events.
 */
class ClientPauseNemesisTest extends WithEnvironment {
  private static final int WORKERS = 3;
  private static final ClientOptions OPTIONS = new ClientOptions(ClientOptions.ReadFrom.PRIMARY, 0,
      ClientOptions.Isolation.READ_COMMITTED, Duration.ofSeconds(5), Duration.ofSeconds(5));

  @AfterEach
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void aPausedRedisGetSetWriterLandsLateOverTheOthersIncrements() throws Exception {
    start(Topology.REDIS_SINGLE);
    assertPauseLosesUpdates(targets -> new RedisClients(RedisVariant.GET_SET, targets, OPTIONS));
  }

  @Test
  void aPausedPostgresSelectUpdateWriterLandsLateOverTheOthersIncrements() throws Exception {
    start(Topology.PG_SINGLE);
    assertPauseLosesUpdates(targets -> new PostgresClients(PostgresVariant.SELECT_UPDATE, targets, OPTIONS, WORKERS));
  }

  @Test
  void withoutALoadThereIsNoWorkerToPause() {
    ClientPauseNemesis nemesis = new ClientPauseNemesis(Optional.empty(), seeded());
    Op start = perform(nemesis, ClientPauseNemesis.START, "random");
    assertThat(start.type()).isEqualTo(OpType.FAIL);
    assertThat(start.error()).isEqualTo("no workers to pause");
    assertThat(perform(nemesis, ClientPauseNemesis.STOP, null).error()).isEqualTo("no client pause is on");
  }

  private void assertPauseLosesUpdates(Function<Targets, ClientFactory> factory) throws Exception {
    Path dir = Files.createTempDirectory("faultline-client-pause-");
    // One key at a time, many ops on it: every worker works the same counter.
    RunConfig config = new RunConfig(WORKERS, Duration.ofSeconds(6), 150, 1, 100_000, 5, Duration.ofMillis(100), 3);
    List<Op> ops;
    try (ClientFactory clients = factory.apply(new Targets(env.clientEndpoint(env.node("n1")), List.of(), env.credentials()));
        HistoryRecorder recorder = new HistoryRecorder(dir.resolve("history.jsonl"))) {
      clients.setup();
      Runner runner = new Runner(config, new CounterWorkload(), clients, recorder, new RunStats());
      ClientPauseNemesis nemesis = new ClientPauseNemesis(Optional.of(runner.pausePoints()), seeded());
      Thread faults = Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(1000);
          nemesis(recorder, nemesis, ClientPauseNemesis.START, 0);
          Thread.sleep(2000);
        } catch (InterruptedException ignored) {
          // the run ended first: stop all the same
        } finally {
          nemesis(recorder, nemesis, ClientPauseNemesis.STOP, null);
          nemesis.heal();
        }
      });
      runner.run();
      faults.join();
      ops = recorder.history().ops();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    Op paused = only(ops, ClientPauseNemesis.START, OpType.INFO);
    Op stopInvoked = only(ops, ClientPauseNemesis.STOP, OpType.INVOKE);
    Op stopped = only(ops, ClientPauseNemesis.STOP, OpType.INFO);
    Map<?, ?> freeze = (Map<?, ?>) stopped.value();
    assertThat(freeze.get("froze")).as("worker 0 reached its pause point").isEqualTo(true);
    long process = ((Number) freeze.get("process")).longValue();
    assertThat(process % WORKERS).isZero();

    // The frozen op: invoked before the pause took it, completed only after the stop.
    Op frozenInvoke = ops.stream()
        .filter(op -> op.type() == OpType.INVOKE && op.process().label().equals(process) && "add".equals(op.f())
            && op.time() < stopInvoked.time())
        .reduce((a, b) -> b).orElseThrow();
    Op frozenCompletion = ops.stream()
        .filter(op -> op.type() != OpType.INVOKE && op.process().label().equals(process) && op.time() > frozenInvoke.time())
        .findFirst().orElseThrow();
    assertThat(frozenCompletion.type()).isEqualTo(OpType.OK);
    assertThat(frozenCompletion.time()).as("the frozen write completes after the stop").isGreaterThan(stopInvoked.time());

    // The others went on: adds invoked after the pause began and completed before it ended.
    List<Op> othersDuring = ops.stream()
        .filter(op -> op.type() == OpType.OK && "add".equals(op.f()) && !op.process().label().equals(process)
            && op.time() > Math.max(paused.time(), frozenInvoke.time()) && op.time() < stopInvoked.time())
        .toList();
    assertThat(othersDuring).as("other workers' adds completed during the pause").isNotEmpty();

    // Their increments, made between the frozen read and write, are overwritten: lost.
    assertThat(new CounterChecker().check(History.of("client-pause", ops)).verdict()).isEqualTo(Verdict.INVALID);
    assertWhole();
  }

  private static void nemesis(HistoryRecorder recorder, Nemesis nemesis, String f, Object value) {
    recorder.record(faultline.checker.history.Process.NEMESIS, OpType.INVOKE, f, null, value, null);
    Op done = perform(nemesis, f, value);
    recorder.record(faultline.checker.history.Process.NEMESIS, done.type(), f, null, done.value(), done.error());
  }

  private static Op only(List<Op> ops, String f, OpType type) {
    List<Op> found = ops.stream().filter(op -> op.f().equals(f) && op.type() == type).toList();
    assertThat(found).as(f + " " + type).hasSize(1);
    return found.get(0);
  }

}
