package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.environments.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The schedule on redis-single: recorded start/stop pairs, seeded choices, heal at every end. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NemesisScheduleTest extends WithEnvironment {
  private static final List<Fault> FAULTS = Fault.parseAll("kill,pause,latency:clients,timeout:clients,link-down");

  @BeforeAll
  void startRedis() throws IOException {
    start(Topology.REDIS_SINGLE);
  }

  @AfterEach
  void assertHealed() throws IOException {
    assertWhole();
  }

  @AfterAll
  void close() throws IOException {
    closeAndAssertGone();
  }

  /** An in-memory history, numbered as the run's recorder numbers events. */
  static final class Recorded implements NemesisHistory {
    final List<Op> ops = new ArrayList<>();

    @Override
    public synchronized Op record(OpType type, String f, Object value, String error) {
      Op op = new Op(ops.size(), System.nanoTime(), Process.NEMESIS, type, f, null, value, error);
      ops.add(op);
      return op;
    }
  }

  @Test
  void faultsAlternateWithQuietAndEachStartIsFollowedByItsStopThenAHeal() {
    Recorded history = new Recorded();
    NemesisSchedule schedule = new NemesisSchedule(Nemeses.of(env, 7), FAULTS, Duration.ofMillis(300), 7, history);
    NemesisSchedule.Summary summary = schedule.run(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000));

    assertThat(summary.applied()).isGreaterThanOrEqualTo(3);
    List<Op> ops = history.ops;
    assertThat(ops).allMatch(op -> op.process() == Process.NEMESIS);
    // Invocations and completions alternate: the nemesis does one thing at a time.
    for (int i = 0; i < ops.size(); i += 2) {
      assertThat(ops.get(i).type()).isEqualTo(OpType.INVOKE);
      assertThat(ops.get(i + 1).type()).as("%s", ops.get(i + 1)).isIn(OpType.INFO, OpType.FAIL);
      assertThat(ops.get(i + 1).f()).isEqualTo(ops.get(i).f());
    }
    String openFault = null;
    for (int i = 1; i < ops.size(); i += 2) {
      Op done = ops.get(i);
      if (done.f().startsWith("start-") && done.type() == OpType.INFO) {
        assertThat(openFault).as("a fault starts only when none is on").isNull();
        openFault = done.f().substring("start-".length());
      } else if (done.f().startsWith("stop-")) {
        assertThat(done.f()).isEqualTo("stop-" + openFault);
        assertThat(done.type()).as(done.error()).isEqualTo(OpType.INFO);
        openFault = null;
      }
    }
    assertThat(openFault).as("the last fault was stopped").isNull();
    assertThat(ops.get(ops.size() - 1).f()).isEqualTo(NemesisSchedule.HEAL);
    assertThat(ops.get(ops.size() - 1).type()).isEqualTo(OpType.INFO);
  }

  @Test
  void theSameSeedChoosesTheSameFaults() {
    assertThat(startedFaults(11)).isEqualTo(startedFaults(11));
  }

  @Test
  void anInterruptedScheduleStopsItsFaultAndHeals() throws Exception {
    Recorded history = new Recorded();
    NemesisSchedule schedule = new NemesisSchedule(Nemeses.of(env, 3), Fault.parseAll("pause"), Duration.ofMillis(200), 3, history);
    Thread runner = Thread.ofPlatform().start(() -> schedule.run(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)));
    // Wait until the node is paused, then interrupt mid-fault, as Ctrl-C ending a run would.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!ProcessStates.isPaused(env.node("n1")) && System.nanoTime() < end) Thread.sleep(20);
    assertThat(ProcessStates.isPaused(env.node("n1"))).isTrue();
    runner.interrupt();
    runner.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(runner.isAlive()).isFalse();
    assertThat(history.ops.get(history.ops.size() - 1).f()).isEqualTo(NemesisSchedule.HEAL);
    assertThat(Resp.once(env, env.clientEndpoint(env.node("n1")), 1000, "PING")).isEqualTo("PONG");
  }

  private List<String> startedFaults(long seed) {
    Recorded history = new Recorded();
    new NemesisSchedule(Nemeses.of(env, seed), Fault.parseAll("latency:clients,slicer:clients,bandwidth:clients"),
        Duration.ofMillis(100), seed, history).run(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500));
    return history.ops.stream().filter(op -> op.type() == OpType.INVOKE && op.f().startsWith("start-")).map(Op::f).toList();
  }
}
