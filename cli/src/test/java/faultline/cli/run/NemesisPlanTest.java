package faultline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.cli.ExitCode;
import faultline.cli.UserError;
import faultline.environments.Topology;
import faultline.environments.local.Iptables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** --nemesis is checked against the topology, and against the tools it needs, before a run starts. */
class NemesisPlanTest {
  private static final Iptables MISSING = new Iptables(Path.of("/nonexistent/iptables"));

  @Test
  void pairCutsOnSharedPeerLinksWithoutIptablesAreRefusedUpFrontAsUnavailable() {
    for (String faults : new String[] {"partition", "partition-ring", "kill,partition-isolate"}) {
      assertThatThrownBy(() -> NemesisPlan.of(faults, 5, Topology.REDIS_SENTINEL, MISSING))
          .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE))
          .hasMessageContaining("iptables is not installed").hasMessageContaining("scripts/bootstrap");
    }
    assertThatThrownBy(() -> NemesisPlan.of("failover", 5, Topology.REDIS_CLUSTER, MISSING))
        .isInstanceOf(UserError.class).hasMessageContaining("redis-cluster");
  }

  @Test
  void faultsThatToxiproxyAloneCanDoNeedNoIptables() {
    assertThat(NemesisPlan.of("failover-kill", 5, Topology.REDIS_CLUSTER, MISSING).faults()).hasSize(1);
    assertThat(NemesisPlan.of("failover", 5, Topology.REDIS_SENTINEL, MISSING).faults()).hasSize(1);
    assertThat(NemesisPlan.of("partition", 5, Topology.REDIS_REPLICATED, MISSING).faults()).hasSize(1);
    assertThat(NemesisPlan.of("partition,latency:clients", 5, Topology.PG_REPLICATED, MISSING).faults()).hasSize(2);
  }

  @Test
  void aFaultTheTopologyCannotHaveIsAUsageError() {
    assertThatThrownBy(() -> NemesisPlan.of("partition", 5, Topology.REDIS_SINGLE, MISSING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one node");
  }

  @Test
  void aLinkFaultMustNameALinkTheTopologyHas() {
    assertThatThrownBy(() -> NemesisPlan.of("latency:client", 5, Topology.REDIS_SINGLE, MISSING))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no link of redis-single is named 'client'");
    assertThat(NemesisPlan.of("latency:clients_to_n1,timeout:any", 5, Topology.REDIS_SINGLE, MISSING).faults()).hasSize(2);
    assertThat(NemesisPlan.of("link-down:n2_to_n1", 5, Topology.PG_REPLICATED, MISSING).faults()).hasSize(1);
    assertThat(NemesisPlan.of("timeout:bus_to_n6,latency:peers_to_n3", 5, Topology.REDIS_CLUSTER, MISSING).faults()).hasSize(2);
    assertThat(NemesisPlan.of("latency:peers_to_s3", 5, Topology.REDIS_SENTINEL, MISSING).faults()).hasSize(1);
    assertThatThrownBy(() -> NemesisPlan.of("latency:peers_to_s3", 5, Topology.REDIS_CLUSTER, MISSING))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
