package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Topology;
import faultline.environments.local.Iptables;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A majorities ring on redis-cluster: 6 nodes, each reached by all others through its one peer
 * proxy (replication, redirects) and its one cluster-bus proxy (gossip). Each cut pair is
 * filtered on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPartitionTest extends WithEnvironment {
  private final Iptables iptables = Iptables.system();

  @BeforeAll
  void startCluster() throws Exception {
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    start(Topology.REDIS_CLUSTER);
  }

  @AfterAll
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void aRingCutsEachOfItsPairsOnThePeerAndTheBusLinksAndNothingElse() throws Exception {
    PartitionNemesis nemesis = new PartitionNemesis(env, seeded());
    try {
      Op op = perform(nemesis, PartitionNemesis.START, "ring");
      assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
      Map<String, Object> value = asMap(op.value());
      assertThat(value.get("exact")).isEqualTo(true);
      assertThat(value.get("links")).asList().isEmpty();
      Map<String, Object> cutFrom = asMap(value.get("cut-from"));
      // 3 opposite pairs, both ways, on two kinds of link.
      assertThat(value.get("filtered")).asList().hasSize(12);

      for (Link.Kind kind : List.of(Link.Kind.PEER, Link.Kind.CLUSTER_BUS)) {
        Map<String, Reach> reach = Reach.allPairs(env, kind);
        assertThat(reach).hasSize(30);
        for (Node a : env.nodes()) {
          for (Node b : env.nodes()) {
            if (a == b) continue;
            boolean cut = ((List<?>) cutFrom.getOrDefault(a.name(), List.of())).contains(b.name());
            assertThat(reach.get(a.name() + ">" + b.name())).as("%s to %s's %s link", a.name(), b.name(), kind)
                .isEqualTo(cut ? Reach.TIMES_OUT : Reach.CONNECTS);
          }
        }
      }

      assertThat(perform(nemesis, PartitionNemesis.STOP, null).type()).isEqualTo(OpType.INFO);
      for (Link.Kind kind : List.of(Link.Kind.PEER, Link.Kind.CLUSTER_BUS)) {
        assertThat(Reach.allPairs(env, kind)).allSatisfy((pair, r) -> assertThat(r).as(pair).isEqualTo(Reach.CONNECTS));
      }
      assertWhole();
    } finally {
      nemesis.heal();
    }
  }
}
