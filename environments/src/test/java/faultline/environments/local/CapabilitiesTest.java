package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.PacketFiltering;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Topology;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each topology can do beyond nodes and links, declared before start and found at run time alike. */
class CapabilitiesTest extends EnvironmentTest {

  @Test
  void eachTopologyDeclaresWhatItCanDo() {
    for (Topology t : Topology.values()) {
      if (t.isExternal()) {
        // faultline controls nothing of servers it did not start: every capability is refused.
        for (Class<?> c : List.of(ProcessControl.class, PostgresReplication.class, RedisFailover.class, PacketFiltering.class,
            faultline.environments.DiskStall.class, faultline.environments.ClockControl.class)) {
          assertThat(t.offers(c)).as(t + " " + c.getSimpleName()).isFalse();
        }
        continue;
      }
      assertThat(t.offers(ProcessControl.class)).as(t + " process control").isTrue();
      assertThat(t.offers(PostgresReplication.class)).as(t + " promotion").isEqualTo(t == Topology.PG_REPLICATED);
      assertThat(t.offers(RedisFailover.class)).as(t + " redis failover")
          .isEqualTo(EnumSet.of(Topology.REDIS_SENTINEL, Topology.REDIS_CLUSTER).contains(t));
      assertThat(t.offers(PacketFiltering.class)).as(t + " packet filtering")
          .isEqualTo(EnumSet.of(Topology.REDIS_SENTINEL, Topology.REDIS_CLUSTER).contains(t));
      assertThat(t.offers(String.class)).isFalse();
    }
    assertThat(Topology.REDIS_SENTINEL.redisFailover()).contains(RedisFailover.Mechanism.SENTINEL);
    assertThat(Topology.REDIS_CLUSTER.redisFailover()).contains(RedisFailover.Mechanism.CLUSTER);
    assertThat(Topology.REDIS_SENTINEL.partitionableNodes()).isEqualTo(6);
    assertThat(Topology.PG_SINGLE.partitionableNodes()).isEqualTo(1);
  }

  @Test
  void aRunningEnvironmentHandsOutWhatItsTopologyOffersAndNothingElse() throws Exception {
    start(Topology.REDIS_SINGLE);
    assertThat(env.capability(PostgresReplication.class)).isEmpty();
    assertThat(env.capability(RedisFailover.class)).isEmpty();
    assertThatThrownBy(() -> env.require(PostgresReplication.class))
        .isInstanceOf(UnsupportedOperationException.class).hasMessage("redis-single does not offer PostgresReplication");
    // Process control is real: the node goes down and comes back on the same data.
    ProcessControl processes = env.require(ProcessControl.class);
    processes.kill(env.node("n1"));
    assertThat(env.node("n1").isRunning()).isFalse();
    processes.start(env.node("n1"));
    assertThat(env.node("n1").isRunning()).isTrue();
  }

  @Test
  void postgresReplicationIsOfferedByPgReplicated() throws Exception {
    start(Topology.PG_REPLICATED);
    PostgresReplication pg = env.require(PostgresReplication.class);
    assertThat(pg.upstream(env.node("n2"))).contains(env.node("n1"));
    assertThat(pg.walPosition(env.node("n2"))).isPresent();
    assertThat(env.capability(PacketFiltering.class)).isEmpty();
  }
}
