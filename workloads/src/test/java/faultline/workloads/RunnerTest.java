package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
import faultline.workloads.redis.RedisClients;
import faultline.workloads.redis.RedisVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner against a real Redis, frozen for a while mid-run: timeouts become info and retire processes. */
class RunnerTest {
  @TempDir Path dir;

  /** WATCH_CAS gives each process its own connection; LUA_CAS shares one among processes. */
  @ParameterizedTest
  @EnumSource(value = RedisVariant.class, names = {"WATCH_CAS", "LUA_CAS"})
  void aFrozenServerTurnsOpsIntoInfoAndEachInfoRetiresItsProcess(RedisVariant variant) throws Exception {
    int concurrency = 4;
    try (Environment env = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(dir.resolve("nodes")).start()) {
      Node n1 = env.node("n1");
      ClientOptions options = new ClientOptions(ClientOptions.ReadFrom.PRIMARY, 0, ClientOptions.Isolation.READ_COMMITTED,
          Duration.ofMillis(500), Duration.ofMillis(300));
      RunConfig config = new RunConfig(concurrency, Duration.ofSeconds(4), 400, 4, 50, 11, Duration.ofMillis(200), 3);
      RunStats stats = new RunStats();
      List<Op> ops;
      try (RedisClients clients = new RedisClients(variant, new Targets(env.clientEndpoint(n1), List.of(), env.credentials()), options);
          HistoryRecorder recorder = new HistoryRecorder(dir.resolve("history.jsonl"))) {
        clients.setup();
        Thread freezer = Thread.ofVirtual().start(() -> {
          try {
            Thread.sleep(1500);
            env.require(ProcessControl.class).pause(n1);
            Thread.sleep(1000);
          } catch (InterruptedException ignored) {
            // The test ends; resume below all the same.
          } finally {
            env.require(ProcessControl.class).resume(n1);
          }
        });
        new Runner(config, new RegisterWorkload(true), clients, recorder, stats).run();
        freezer.join();
        ops = recorder.history().ops();
      }

      assertThat(stats.info()).isPositive();
      assertThat(stats.ok()).isPositive();
      assertThat(stats.fail()).isPositive(); // cas on a value that moved on
      assertThat(ops).filteredOn(op -> op.type() == OpType.INFO).allMatch(op -> op.error().startsWith("timeout after 300 ms"));

      // Every process has at most one op open, and none invokes again after an info.
      Map<Object, Op> open = new HashMap<>();
      Map<Object, Boolean> retired = new HashMap<>();
      long highest = 0;
      for (Op op : ops) {
        Object p = op.process().label();
        highest = Math.max(highest, (Long) p);
        if (op.type() == OpType.INVOKE) {
          assertThat(retired).doesNotContainKey(p);
          assertThat(open.put(p, op)).isNull();
        } else {
          assertThat(open.remove(p)).isNotNull();
          if (op.type() == OpType.INFO) retired.put(p, true);
        }
      }
      assertThat(highest).isGreaterThanOrEqualTo(concurrency); // retired processes were replaced
    }
  }
}
