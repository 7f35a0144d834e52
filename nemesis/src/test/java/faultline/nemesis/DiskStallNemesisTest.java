package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Disk stalls on real Redis processes that carry faultline's disk-stall library, one environment per test. */
class DiskStallNemesisTest extends WithEnvironment {

  @AfterEach
  void close() throws IOException {
    closeAndAssertGone();
  }

  /**
   * disk-stall-kill under appendfsync always: the stop kills the node while its fsyncs wait, then
   * lifts the stall and starts it again; every INCR acknowledged before the kill survives it.
   */
  @Test
  void aKillDuringAStallUnderAppendfsyncAlwaysLosesNothingAcknowledged() throws Exception {
    start(Topology.REDIS_SINGLE, b -> b.diskStall(true).redisSettings("appendfsync always"));
    DiskStallNemesis nemesis = new DiskStallNemesis(env, seeded());
    Node n1 = env.node("n1");
    Endpoint clients = env.clientEndpoint(n1);
    long pid = n1.pid().orElseThrow();

    Op stall = perform(nemesis, DiskStallNemesis.START, Fault.parse("disk-stall-kill:500").startValue());
    assertThat(stall.type()).as(stall.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(stall.value())).containsEntry("node", "n1").containsEntry("delay-ms", 500L).containsEntry("kill", true);
    assertThat(Leftovers.of(env)).containsExactly("node n1 disk stalled (500 ms)");

    AtomicLong acknowledged = new AtomicLong();
    Thread writer = Thread.ofPlatform().start(() -> {
      try (Resp redis = new Resp(env, clients, 30_000)) {
        while (true) {
          redis.call("INCR", "counter");
          acknowledged.incrementAndGet();
        }
      } catch (IOException killed) {
        // the stop killed the node under it
      }
    });
    // Some INCRs waited out their stalled fsyncs before the stop kills the node.
    assertThat(Poll.until(java.time.Duration.ofSeconds(30), acknowledged::get, n -> n >= 3)).isGreaterThanOrEqualTo(3);
    Op stop = perform(nemesis, DiskStallNemesis.STOP, null);
    writer.join(30_000);
    assertThat(stop.type()).as(stop.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(stop.value())).containsEntry("node", "n1").containsEntry("killed-pid", pid);
    assertThat(n1.pid().orElseThrow()).isNotEqualTo(pid);
    long survived = Long.parseLong(String.valueOf(Resp.once(env, clients, 5000, "GET", "counter")));
    assertThat(survived).as("INCRs acknowledged before the kill").isGreaterThanOrEqualTo(acknowledged.get());
    assertWhole();
  }

  @Test
  void healLiftsAStallLeftOnAndAStopWithoutKillKeepsTheProcess() throws Exception {
    start(Topology.REDIS_REPLICATED, b -> b.diskStall(true));
    DiskStallNemesis nemesis = new DiskStallNemesis(env, seeded());
    Op stall = perform(nemesis, DiskStallNemesis.START, Fault.parse("disk-stall-primary").startValue());
    assertThat(stall.type()).as(stall.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(stall.value())).containsEntry("node", "n1").containsEntry("delay-ms", 3000L);
    assertThat(perform(nemesis, DiskStallNemesis.START, Fault.parse("disk-stall").startValue()).error()).contains("already on n1");
    long pid = env.node("n1").pid().orElseThrow();
    nemesis.heal();
    assertThat(env.node("n1").pid()).hasValue(pid);
    assertThat(perform(nemesis, DiskStallNemesis.STOP, null).error()).isEqualTo("no disk stall is on");
    assertWhole();
  }

  @Test
  void anEnvironmentWithoutTheLibraryRefusesTheFaultSayingWhy() throws Exception {
    start(Topology.REDIS_SINGLE);
    DiskStallNemesis nemesis = new DiskStallNemesis(env, seeded());
    Op stall = perform(nemesis, DiskStallNemesis.START, Fault.parse("disk-stall").startValue());
    assertThat(stall.type()).isEqualTo(OpType.FAIL);
    assertThat(stall.error()).isEqualTo("redis-single was started without faultline's disk-stall library");
    nemesis.heal();
    assertWhole();
  }
}
