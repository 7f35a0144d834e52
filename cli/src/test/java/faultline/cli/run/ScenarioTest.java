package faultline.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.workloads.ClientOptions;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/** Scenarios built by name: what is not said takes the defaults, and a scenario that cannot run is refused when built. */
class ScenarioTest {

  @Test
  void whatIsNotSaidTakesTheDefaults() {
    Scenario s = Scenario.named("x").shows("it shows").expect("valid").on(Topology.PG_SINGLE).client("pg-append").build();
    assertThat(s.workload()).isEqualTo("list-append");
    assertThat(s.readFrom()).isEqualTo(ClientOptions.ReadFrom.PRIMARY);
    assertThat(s.isolation()).isEqualTo(ClientOptions.Isolation.READ_COMMITTED);
    assertThat(s.keys()).isEqualTo(10);
    assertThat(s.opsPerKey()).isEqualTo(100);
    assertThat(s.rate()).isEqualTo(1000);
    assertThat(s.replicationLatencyMillis()).isZero();
    assertThat(s.nemesis()).isEqualTo("none");
    assertThat(s.nemesisIntervalSeconds()).isEqualTo(5);
    assertThat(s.replication()).isEqualTo(Replication.ASYNC);
    assertThat(s.appendfsync()).isEqualTo(TestPlan.DEFAULT_APPENDFSYNC);
    assertThat(s.expectedExitCode()).isZero();
  }

  @Test
  void aClientOfTheOtherDatabaseOrNoneIsRefused() {
    assertThatThrownBy(() -> Scenario.named("x").shows("s").expect("valid").on(Topology.PG_SINGLE).client("redis-incrby").build())
        .hasMessage("scenario x: client redis-incrby is not for pg-single");
    assertThatThrownBy(() -> Scenario.named("x").shows("s").expect("valid").on(Topology.PG_SINGLE).client("pg-updte").build())
        .hasMessage("unknown client 'pg-updte'; did you mean pg-update?");
    assertThatThrownBy(() -> Scenario.named("x").shows("s").on(Topology.PG_SINGLE).client("pg-update").build())
        .hasMessageContaining("expect(...) of x");
  }

  @Test
  void theCatalogueHasOneScenarioPerName() {
    assertThat(new HashSet<>(Scenarios.ALL.stream().map(Scenario::name).toList())).hasSameSizeAs(Scenarios.ALL);
    assertThat(Scenarios.byName(Scenarios.DEFAULT)).isPresent();
  }
}
