package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Partitions of redis-replicated, whose replicas each have a link of their own to every node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionNemesisTest extends WithEnvironment {
  private static final Duration REPLICATION_WAIT = Duration.ofSeconds(10);
  private PartitionNemesis nemesis;

  @BeforeAll
  void startRedis() throws Exception {
    start(Topology.REDIS_REPLICATED);
    nemesis = new PartitionNemesis(env, seeded());
  }

  @AfterEach
  void healAndAssertWhole() throws IOException {
    nemesis.heal();
    assertWhole();
  }

  @AfterAll
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void aPrimaryInAMinorityKeepsTakingClientWritesThatItsReplicasDoNotGetUntilTheHeal() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "primary");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(op.value());
    assertThat(value.get("components")).isEqualTo(List.of(List.of("n1"), List.of("n2", "n3")));
    // Both directions of every pair across the cut, and nothing else.
    assertThat(value.get("links")).asList().containsExactlyInAnyOrder("n1_to_n2", "n1_to_n3", "n2_to_n1", "n3_to_n1");
    assertThat(value.get("exact")).isEqualTo(true);
    assertThat(disabledProxies()).containsExactlyInAnyOrder("n1_to_n2", "n1_to_n3", "n2_to_n1", "n3_to_n1");

    Endpoint n1 = env.clientEndpoint(env.node("n1"));
    assertThat(Resp.once(env, n1, 2000, "SET", "during", "1")).as("clients still reach the primary").isEqualTo("OK");
    Thread.sleep(500);
    for (String replica : List.of("n2", "n3")) {
      assertThat(Resp.once(env, env.clientEndpoint(env.node(replica)), 2000, "GET", "during")).as(replica).isNull();
    }

    Op stop = perform(nemesis, PartitionNemesis.STOP, null);
    assertThat(stop.type()).isEqualTo(OpType.INFO);
    for (String replica : List.of("n2", "n3")) {
      Endpoint at = env.clientEndpoint(env.node(replica));
      assertThat(Poll.until(REPLICATION_WAIT, () -> Resp.once(env, at, 2000, "GET", "during"), "1"::equals))
          .as("%s catches up after the heal", replica).isEqualTo("1");
    }
  }

  @Test
  void halvesCutExactlyTheLinksBetweenTheTwoSides() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "halves");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    List<?> components = (List<?>) asMap(op.value()).get("components");
    Set<String> small = new TreeSet<>(asStrings(components.get(0)));
    Set<String> large = new TreeSet<>(asStrings(components.get(1)));
    assertThat(small).hasSize(1);
    assertThat(large).hasSize(2);
    List<String> expected = new ArrayList<>();
    for (Link link : env.links()) {
      if (link.kind() != Link.Kind.REPLICATION) continue;
      boolean across = small.contains(link.from()) != small.contains(link.to().name());
      if (across) expected.add(link.name());
    }
    assertThat(disabledProxies()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(perform(nemesis, PartitionNemesis.START, "isolate").type()).as("one partition at a time").isEqualTo(OpType.FAIL);
  }

  @Test
  void isolateCutsOneDataNodeFromTheOthers() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "isolate");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    List<?> components = (List<?>) asMap(op.value()).get("components");
    String isolated = asStrings(components.get(0)).get(0);
    assertThat(disabledProxies()).hasSize(4).allMatch(name -> name.contains(isolated));
  }

  @Test
  void aRingCannotBeMadeOfThreeNodesAndNothingIsCut() throws IOException {
    Op op = perform(nemesis, PartitionNemesis.START, "ring");
    assertThat(op.type()).isEqualTo(OpType.FAIL);
    assertThat(op.error()).contains("at least 4 nodes");
    assertWhole();
  }

  @Test
  void withoutIptablesPartitionsOfLinksPerPairWorkAsBefore() throws Exception {
    PacketFilter none = new PacketFilter(env, new faultline.environments.local.LocalPacketFiltering(env, new faultline.environments.local.Iptables(java.nio.file.Path.of("/nonexistent/sbin/iptables"))));
    PartitionNemesis toxiproxyOnly = new PartitionNemesis(env, seeded(), none);
    Op op = perform(toxiproxyOnly, PartitionNemesis.START, "primary");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    assertThat(asMap(op.value())).containsEntry("filtered", List.of()).containsEntry("exact", true);
    assertThat(disabledProxies()).containsExactlyInAnyOrder("n1_to_n2", "n1_to_n3", "n2_to_n1", "n3_to_n1");
    assertThat(perform(toxiproxyOnly, PartitionNemesis.STOP, null).type()).isEqualTo(OpType.INFO);
    assertThat(disabledProxies()).isEmpty();
  }

  private List<String> disabledProxies() throws IOException {
    return env.toxiproxy().getProxies().stream().filter(p -> !p.isEnabled()).map(Proxy::getName).toList();
  }

  private static List<String> asStrings(Object list) {
    return ((List<?>) list).stream().map(Object::toString).toList();
  }
}
