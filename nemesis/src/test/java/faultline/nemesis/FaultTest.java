package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultTest {

  @Test
  void namesMapToTheOpsThatStartAndStopThem() {
    List<Fault> faults = Fault.parseAll("partition, kill-primary,timeout:clients,link-down:n2_to_n1,failover-kill");
    assertThat(faults).containsExactly(
        new Fault("partition", "start-partition", "random", "stop-partition"),
        new Fault("kill-primary", "start-kill", "primary", "stop-kill"),
        new Fault("timeout:clients", "start-timeout", "clients", "stop-timeout"),
        new Fault("link-down:n2_to_n1", "start-link-down", "n2_to_n1", "stop-link-down"),
        new Fault("failover-kill", "start-failover", "kill", "stop-failover"));
    assertThat(Fault.parseAll("none")).isEmpty();
    assertThat(Fault.parseAll("")).isEmpty();
  }

  @Test
  void diskStallsNameTheirNodeDelayAndKillAndRefuseADelayOutOfRange() {
    assertThat(Fault.parse("disk-stall")).isEqualTo(new Fault("disk-stall", "start-disk-stall",
        DiskStallNemesis.value("random", 3000, false), "stop-disk-stall"));
    assertThat(Fault.parse("disk-stall-kill-primary:250").startValue()).isEqualTo(DiskStallNemesis.value("primary", 250, true));
    assertThat(Fault.parse("disk-stall-kill").needsDiskStall()).isTrue();
    assertThat(Fault.parse("kill").needsDiskStall()).isFalse();
    assertThatThrownBy(() -> Fault.parse("disk-stall:0")).hasMessageContaining("1 to 60000 ms");
    assertThatThrownBy(() -> Fault.parse("disk-stall:60001")).hasMessageContaining("1 to 60000 ms");
    assertThatThrownBy(() -> Fault.parse("disk-stall-soon")).hasMessageContaining("unknown fault 'disk-stall-soon'")
        .hasMessageContaining("disk-stall[-kill][-primary][:MS]");
    assertThat(Fault.parse("disk-stall-kill").unsupportedIn(Topology.PG_SINGLE)).isEmpty();
  }

  @Test
  void clockFaultsNameTheirNodeAndSignedOffsetAndRefuseAnOffsetOutOfRange() {
    assertThat(Fault.parse("clock-skew")).isEqualTo(new Fault("clock-skew", "start-clock-skew",
        ClockNemesis.value("random", 5000), "stop-clock-skew"));
    assertThat(Fault.parse("clock-jump")).isEqualTo(new Fault("clock-jump", "start-clock-jump",
        ClockNemesis.value("random", 60000), "stop-clock-jump"));
    assertThat(Fault.parse("clock-jump-primary:-30000").startValue()).isEqualTo(ClockNemesis.value("primary", -30000));
    assertThat(Fault.parse("clock-skew:+250").startValue()).isEqualTo(ClockNemesis.value("random", 250));
    assertThat(Fault.parse("clock-skew").needsClockControl()).isTrue();
    assertThat(Fault.parse("disk-stall").needsClockControl()).isFalse();
    assertThatThrownBy(() -> Fault.parse("clock-skew:0")).hasMessageContaining("1 to 3600000 ms, either way");
    assertThatThrownBy(() -> Fault.parse("clock-jump:-3600001")).hasMessageContaining("1 to 3600000 ms, either way");
    assertThatThrownBy(() -> Fault.parse("clock-drift")).hasMessageContaining("unknown fault 'clock-drift'")
        .hasMessageContaining("clock-jump[-primary][:±MS]");
    assertThat(Fault.parse("clock-jump").unsupportedIn(Topology.PG_SINGLE)).isEmpty();
  }

  @Test
  void onExternalEndpointsOnlyTheClientsLinksAndClientPausesCanBeFaulted() {
    for (Topology t : List.of(Topology.REDIS_EXTERNAL, Topology.PG_EXTERNAL)) {
      for (String ok : List.of("latency", "timeout:clients", "reset-peer:clients_to_n2", "link-down", "client-pause")) {
        assertThat(Fault.parse(ok).unsupportedIn(t)).as(ok + " on " + t).isEmpty();
      }
      assertThat(Fault.parse("kill").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("process control"));
      assertThat(Fault.parse("pause-primary").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("process control"));
      assertThat(Fault.parse("failover").unsupportedIn(t)).isPresent();
      assertThat(Fault.parse("disk-stall").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("disk stalls"));
      assertThat(Fault.parse("clock-jump").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("clock control"));
      assertThat(Fault.parse("partition-isolate").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("links between servers"));
      assertThat(Fault.parse("latency:peers").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("no link between servers"));
      assertThat(Fault.parse("link-down:n2_to_n1").unsupportedIn(t)).hasValueSatisfying(why -> assertThat(why).contains("no link between servers"));
    }
  }

  @Test
  void aClientPauseFreezesARandomWorkerInAnyTopology() {
    assertThat(Fault.parse("client-pause")).isEqualTo(new Fault("client-pause", "start-client-pause", "random", "stop-client-pause"));
    assertThat(Fault.parse("client-pause").unsupportedIn(Topology.REDIS_SINGLE)).isEmpty();
    assertThat(Fault.parse("client-pause").needsClockControl()).isFalse();
  }

  @Test
  void anUnknownNameIsRejectedWithTheNamesThereAre() {
    assertThatThrownBy(() -> Fault.parse("explode")).hasMessageContaining("unknown fault 'explode'")
        .hasMessageContaining("partition-halves").hasMessageContaining("reset-peer[:clients|:peers|:PROXY]");
    assertThatThrownBy(() -> Fault.parse("partition-square")).hasMessageContaining("unknown partition 'square'");
  }

  @Test
  void faultsATopologyCannotHaveAreNamedBeforeAnythingStarts() {
    assertThat(Fault.parse("partition").unsupportedIn(Topology.REDIS_SINGLE)).get().asString().contains("more than one node");
    assertThat(Fault.parse("failover").unsupportedIn(Topology.REDIS_REPLICATED)).get().asString().contains("redis-sentinel, redis-cluster or pg-replicated");
    assertThat(Fault.parse("failover-kill").unsupportedIn(Topology.PG_REPLICATED)).isPresent();
    assertThat(Fault.parse("partition-ring").unsupportedIn(Topology.REDIS_REPLICATED)).get().asString().contains("at least 4 nodes");
    assertThat(Fault.parse("partition-ring").unsupportedIn(Topology.PG_REPLICATED)).isPresent();
    assertThat(Fault.parse("partition-ring").unsupportedIn(Topology.REDIS_SENTINEL)).isEmpty();
    assertThat(Fault.parse("partition-ring").unsupportedIn(Topology.REDIS_CLUSTER)).isEmpty();
    assertThat(Fault.parse("latency:peers").unsupportedIn(Topology.PG_SINGLE)).isPresent();
    assertThat(Fault.parse("failover").unsupportedIn(Topology.PG_REPLICATED)).isEmpty();
    assertThat(Fault.parse("kill").unsupportedIn(Topology.PG_SINGLE)).isEmpty();
    assertThat(Fault.parse("timeout:clients").unsupportedIn(Topology.PG_SINGLE)).isEmpty();
  }

  /** A kind lays only its own topologies, and a fault runs only where the topology and the kind both allow it. */
  @Test
  void theKindOfEnvironmentDecidesBesideTheTopology() {
    assertThat(Fault.parse("latency").unsupportedIn(Topology.REDIS_SINGLE, faultline.environments.EnvironmentKind.EXTERNAL))
        .hasValueSatisfying(why -> assertThat(why).isEqualTo("external environments do not run redis-single"));
    assertThat(Fault.parse("latency").unsupportedIn(Topology.REDIS_EXTERNAL, faultline.environments.EnvironmentKind.LOCAL))
        .hasValueSatisfying(why -> assertThat(why).isEqualTo("local environments do not run redis-external"));
    for (Topology t : Topology.values()) {
      for (String name : List.of("kill", "pause", "partition", "latency", "failover", "clock-jump", "disk-stall", "client-pause")) {
        Fault f = Fault.parse(name);
        assertThat(f.unsupportedIn(t)).as(name + " on " + t).isEqualTo(f.unsupportedIn(t, faultline.environments.EnvironmentKind.defaultFor(t)));
      }
    }
  }
}
