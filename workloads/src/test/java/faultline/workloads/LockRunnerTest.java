package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import faultline.environments.Environment;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
import faultline.workloads.redis.RedisClients;
import faultline.workloads.redis.RedisVariant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock workload's holders against a real Redis, without faults: each ok acquire is followed at
 * once, by the same process, by its add and then its release (the client's own next steps,
 * {@link Client#next}), and the lock's checks find it valid.
 */
class LockRunnerTest {
  @TempDir Path dir;

  @Test
  void aHolderRunsItsCriticalSectionAtOnceAndTheLockHolds() throws Exception {
    try (Environment env = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(dir.resolve("nodes")).start()) {
      RunConfig config = new RunConfig(4, Duration.ofSeconds(3), 200, 2, 1_000_000, 24, Duration.ofMillis(100), 3);
      LockWorkload workload = new LockWorkload(false);
      List<Op> ops;
      try (RedisClients clients = new RedisClients(RedisVariant.SET_NX, new Targets(env.clientEndpoint(env.node("n1")), List.of(),
          env.credentials()), ClientOptions.defaults());
          HistoryRecorder recorder = new HistoryRecorder(dir.resolve("history.jsonl"))) {
        clients.setup();
        new Runner(config, workload, clients, recorder, new RunStats()).run();
        ops = recorder.history().ops();
        for (var checker : workload.checkers(new CheckOptions("mutex", Duration.ofSeconds(30))).values()) {
          assertThat(checker.check(recorder.history(), Budget.unlimited()).verdict()).isEqualTo(Verdict.VALID);
        }
      }
      // Per process: every ok acquire is followed by its add, and the add by its release, until the
      // main phase ends (the deadline may cut a sequence short; the final reads follow).
      long lastAcquire = ops.stream().filter(op -> op.type() == OpType.INVOKE && op.f().equals("acquire")).mapToLong(Op::index).max()
          .orElseThrow();
      Map<Object, String> lastOk = new HashMap<>();
      int cycles = 0;
      for (Op op : ops) {
        Object p = op.process().label();
        if (op.type() == OpType.INVOKE && op.index() > lastAcquire && op.f().equals("read")) continue;
        if (op.type() == OpType.INVOKE) {
          if ("acquire".equals(lastOk.get(p))) assertThat(op.f()).isEqualTo("add");
          if ("add-done".equals(lastOk.get(p))) assertThat(op.f()).isEqualTo("release");
          lastOk.remove(p);
        } else if (op.type() == OpType.OK && op.f().equals("acquire")) {
          lastOk.put(p, "acquire");
          cycles++;
        } else if (op.f().equals("add")) {
          lastOk.put(p, "add-done");
        }
      }
      assertThat(cycles).isPositive();
    }
  }
}
