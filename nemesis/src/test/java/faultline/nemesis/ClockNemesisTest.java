package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Topology;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clock faults on real Redis processes that carry faultline's clock-offset library: the node's
 * TIME reads the offset during the fault and true time after its stop or the heal. Bounds leave a
 * minute of slack, far more than a loaded machine's delays, far less than the offsets.
 */
class ClockNemesisTest extends WithEnvironment {
  private static final long SLACK_SECONDS = 60;

  @AfterEach
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void aSkewHoldsForItsWindowAndItsStopRestoresTrueTime() throws Exception {
    start(Topology.REDIS_SINGLE, b -> b.clockControl(true));
    ClockNemesis nemesis = new ClockNemesis(env, seeded());
    Endpoint clients = env.clientEndpoint(env.node("n1"));

    Op skew = perform(nemesis, ClockNemesis.START_SKEW, Fault.parse("clock-skew:-600000").startValue());
    assertThat(skew.type()).as(skew.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(skew.value())).containsEntry("node", "n1").containsEntry("offset-ms", -600000L);
    assertThat(offBy(clients)).as("TIME ten minutes behind").isBetween(-600 - SLACK_SECONDS, -600 + SLACK_SECONDS);
    assertThat(Leftovers.of(env)).containsExactly("node n1 clock off true time (-600000 ms)");
    assertThat(perform(nemesis, ClockNemesis.STOP_JUMP, null).error()).isEqualTo("no clock-jump is on");

    Op stop = perform(nemesis, ClockNemesis.STOP_SKEW, null);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    assertThat(offBy(clients)).as("true time after the stop").isBetween(-SLACK_SECONDS, SLACK_SECONDS);
    assertWhole();
  }

  @Test
  void aJumpForwardExpiresATtlAtOnceAndTheHealStepsTheClockBack() throws Exception {
    start(Topology.REDIS_REPLICATED, b -> b.clockControl(true));
    ClockNemesis nemesis = new ClockNemesis(env, seeded());
    Endpoint clients = env.clientEndpoint(env.node("n1"));
    assertThat(Resp.once(env, clients, 5000, "SET", "lease", "held", "PX", "30000")).isEqualTo("OK");

    Op jump = perform(nemesis, ClockNemesis.START_JUMP, Fault.parse("clock-jump-primary").startValue());
    assertThat(jump.type()).as(jump.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(jump.value())).containsEntry("node", "n1").containsEntry("offset-ms", 60000L);
    assertThat(offBy(clients)).as("TIME a minute ahead").isBetween(60 - SLACK_SECONDS / 2, 60 + SLACK_SECONDS / 2);
    assertThat(Resp.once(env, clients, 5000, "GET", "lease")).as("a 30 s lease expired by the jump").isNull();
    assertThat(perform(nemesis, ClockNemesis.START_SKEW, Fault.parse("clock-skew").startValue()).error()).contains("already on n1");

    nemesis.heal();
    assertThat(offBy(clients)).as("true time after the heal").isBetween(-SLACK_SECONDS / 2, SLACK_SECONDS / 2);
    assertThat(perform(nemesis, ClockNemesis.STOP_JUMP, null).error()).isEqualTo("no clock-jump is on");
    assertWhole();
  }

  @Test
  void anEnvironmentWithoutTheLibraryRefusesTheFaultSayingWhy() throws Exception {
    start(Topology.REDIS_SINGLE);
    ClockNemesis nemesis = new ClockNemesis(env, seeded());
    Op skew = perform(nemesis, ClockNemesis.START_SKEW, Fault.parse("clock-skew").startValue());
    assertThat(skew.type()).isEqualTo(OpType.FAIL);
    assertThat(skew.error()).isEqualTo("redis-single was started without faultline's clock-offset library");
    nemesis.heal();
    assertWhole();
  }

  /** How far the node's TIME is from this machine's true clock, in seconds. */
  private long offBy(Endpoint clients) throws IOException {
    Object time = Resp.once(env, clients, 5000, "TIME");
    return Long.parseLong(((List<?>) time).get(0).toString()) - System.currentTimeMillis() / 1000;
  }
}
