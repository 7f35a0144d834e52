package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Partitions of redis-sentinel, where every peer reaches a node through that node's one peer
 * proxy: pairs are cut there by the packet filter, so a ring (6 nodes, majority 4) and the splits
 * cut exactly the pairs they name. Each test probes every ordered pair of nodes from the first
 * node's own address to the second's peer proxy, as the nodes' own connections go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentinelPartitionTest extends WithEnvironment {
  private final Iptables iptables = Iptables.system();
  private PartitionNemesis nemesis;

  @BeforeAll
  void startSentinel() throws Exception {
    Assumptions.assumeTrue(iptables.unavailable().isEmpty(), () -> "no packet filter here: " + iptables.unavailable().orElse(""));
    start(Topology.REDIS_SENTINEL);
    nemesis = new PartitionNemesis(env, seeded());
  }

  @AfterEach
  void healAndAssertWhole() throws IOException {
    if (nemesis == null) return;
    nemesis.heal();
    assertWhole();
  }

  @AfterAll
  void close() throws IOException {
    closeAndAssertGone();
  }

  @Test
  void aRingCutsExactlyItsPairsWithTheFilterAndTheStopRemovesEveryRule() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "ring");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(op.value());
    assertThat(value.get("exact")).isEqualTo(true);
    assertThat(value.get("links")).as("no proxy disabled: each is still used by 4 of its 5 peers").asList().isEmpty();
    Map<String, Set<String>> cutFrom = cutFrom(value);
    // 6 nodes, majority 4: each node sees itself and two neighbours on each side, not the opposite one.
    assertThat(cutFrom).hasSize(6).allSatisfy((node, others) -> assertThat(others).hasSize(1));
    assertThat(value.get("filtered")).asList().hasSize(6);
    String chain = FilterChains.nameFor(env.toxiproxyApi());
    assertThat(new FilterChains(iptables).rules(chain)).as("two rules per filtered pair").get().asList().hasSize(12);

    Map<String, Reach> reach = Reach.allPairs(env, Link.Kind.PEER);
    for (Node a : env.nodes()) {
      for (Node b : env.nodes()) {
        if (a == b) continue;
        boolean cut = cutFrom.getOrDefault(a.name(), Set.of()).contains(b.name());
        assertThat(reach.get(a.name() + ">" + b.name())).as("%s to %s's peer proxy", a.name(), b.name())
            .isEqualTo(cut ? Reach.TIMES_OUT : Reach.CONNECTS);
      }
    }

    Op stop = perform(nemesis, PartitionNemesis.STOP, null);
    assertThat(stop.type()).isEqualTo(OpType.INFO);
    assertThat(asMap(stop.value()).get("filtered")).isEqualTo(value.get("filtered"));
    assertThat(Reach.allPairs(env, Link.Kind.PEER)).as("every pair connects after the stop").allSatisfy((pair, r) -> assertThat(r).isEqualTo(Reach.CONNECTS));
    assertThat(new FilterChains(iptables).rules(chain)).as("the chain, removed whole").isEmpty();
    assertWhole();
  }

  @Test
  void isolatingANodeCutsItsPairsAndNoOthers() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "isolate");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(op.value());
    String x = strings(((List<?>) value.get("components")).get(0)).get(0);
    assertThat(value.get("exact")).isEqualTo(true);
    // Every other node is cut from x: x's own proxy goes whole; x is filtered off every other one.
    assertThat(value.get("links")).isEqualTo(List.of("peers_to_" + x));
    List<String> expected = env.nodes().stream().filter(n -> !n.name().equals(x)).map(n -> x + " -> peers_to_" + n.name()).toList();
    assertThat(value.get("filtered")).asList().containsExactlyInAnyOrderElementsOf(expected);

    Map<String, Reach> reach = Reach.allPairs(env, Link.Kind.PEER);
    for (Node a : env.nodes()) {
      for (Node b : env.nodes()) {
        if (a == b) continue;
        Reach want = a.name().equals(x) ? Reach.TIMES_OUT : b.name().equals(x) ? Reach.REFUSED : Reach.CONNECTS;
        assertThat(reach.get(a.name() + ">" + b.name())).as("%s to %s's peer proxy", a.name(), b.name()).isEqualTo(want);
      }
    }
  }

  @Test
  void aPrimaryInAMinorityOfTwoIsCutFromTheOtherFourOnly() throws Exception {
    Op op = perform(nemesis, PartitionNemesis.START, "primary");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    Map<String, Object> value = asMap(op.value());
    List<?> components = (List<?>) value.get("components");
    Set<String> minority = new HashSet<>(strings(components.get(0)));
    assertThat(minority).hasSize(2).contains("n1");
    assertThat(value.get("exact")).isEqualTo(true);
    assertThat(value.get("links")).as("each peer proxy keeps users on both sides").asList().isEmpty();

    Map<String, Reach> reach = Reach.allPairs(env, Link.Kind.PEER);
    for (Node a : env.nodes()) {
      for (Node b : env.nodes()) {
        if (a == b) continue;
        boolean across = minority.contains(a.name()) != minority.contains(b.name());
        assertThat(reach.get(a.name() + ">" + b.name())).as("%s to %s's peer proxy", a.name(), b.name())
            .isEqualTo(across ? Reach.TIMES_OUT : Reach.CONNECTS);
      }
    }
  }

  /**
   * Jepsen's partitions are silent: a connection made before the cut is neither reset nor closed.
   * Across a cut pair nothing passes either way (a command does not reach the server, a message it
   * pushes does not arrive) while the other pairs carry on; after the stop the kernel's
   * retransmissions deliver both. Connections are opened from every node to each data node's peer
   * proxy beforehand, since which pairs the ring cuts is only known once it is on.
   */
  @Test
  void aConnectionAcrossACutPairStallsBothWaysWithoutClosingAndResumesAfterTheStop() throws Exception {
    Map<String, Resp> commands = new java.util.TreeMap<>();
    Map<String, Resp> subscribers = new java.util.TreeMap<>();
    try {
      for (Node b : env.nodes()) {
        if (b.role() == Role.SENTINEL) continue;
        Endpoint peers = env.link(Link.PEERS, b).orElseThrow().listen();
        for (Node a : env.nodes()) {
          if (a == b) continue;
          commands.put(a.name() + ">" + b.name(), new Resp(env, peers, 2000, a.address().host()));
          Resp subscriber = new Resp(env, peers, 2000, a.address().host());
          subscriber.call("SUBSCRIBE", "probe");
          subscribers.put(a.name() + ">" + b.name(), subscriber);
        }
      }
      Op op = perform(nemesis, PartitionNemesis.START, "ring");
      assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
      Map<String, Set<String>> cutFrom = cutFrom(asMap(op.value()));
      String cut = commands.keySet().stream().filter(pair -> cuts(cutFrom, pair)).findFirst().orElseThrow();
      String a = cut.split(">")[0];
      Node b = env.node(cut.split(">")[1]);
      String kept = commands.keySet().stream().filter(pair -> pair.endsWith(">" + b.name()) && !cuts(cutFrom, pair)).findFirst().orElseThrow();
      Endpoint bClients = env.clientEndpoint(b);

      commands.get(cut).send("CLIENT", "SETNAME", "probe-" + a);
      assertThatThrownBy(() -> commands.get(cut).receive(1000)).as("no reply across the cut").isInstanceOf(SocketTimeoutException.class);
      assertThat(clientNames(bClients)).as("%s's command never reached %s", a, b.name()).doesNotContain("probe-" + a);
      assertThat(Resp.once(env, bClients, 2000, "PUBLISH", "probe", "m")).as("%s pushes to every subscriber", b.name()).isEqualTo(5L);
      assertThat(subscribers.get(kept).receive(2000)).as("kept pair %s", kept).isEqualTo(List.of("message", "probe", "m"));
      assertThatThrownBy(() -> subscribers.get(cut).receive(1000)).as("the push across the cut").isInstanceOf(SocketTimeoutException.class);

      assertThat(perform(nemesis, PartitionNemesis.STOP, null).type()).isEqualTo(OpType.INFO);
      assertThat(commands.get(cut).receive(20_000)).as("the held command, delivered after the stop").isEqualTo("OK");
      assertThat(subscribers.get(cut).receive(20_000)).as("the held push").isEqualTo(List.of("message", "probe", "m"));
      assertThat(clientNames(bClients)).contains("probe-" + a);
    } finally {
      for (Resp r : commands.values()) r.close();
      for (Resp r : subscribers.values()) r.close();
    }
  }

  @Test
  void anyHealRemovesTheChainItFindsWithoutAskingTheNemesis() {
    Op op = perform(nemesis, PartitionNemesis.START, "ring");
    assertThat(op.type()).as(op.error()).isEqualTo(OpType.INFO);
    String chain = FilterChains.nameFor(env.toxiproxyApi());
    assertThat(NetworkRepair.repair(env)).containsExactly("removed iptables chain " + chain + " (12 rule(s))");
    assertThat(Leftovers.of(env)).isEmpty();
  }

  @Test
  void withoutIptablesPairCutsFailSayingWhyAndNothingIsCut() throws IOException {
    PacketFilter none = new PacketFilter(env, new faultline.environments.local.LocalPacketFiltering(env, new Iptables(Path.of("/nonexistent/sbin/iptables"))));
    PartitionNemesis toxiproxyOnly = new PartitionNemesis(env, seeded(), none);
    Op ring = perform(toxiproxyOnly, PartitionNemesis.START, "ring");
    assertThat(ring.type()).isEqualTo(OpType.FAIL);
    assertThat(ring.error()).contains("cuts single pairs on shared peer links").contains("iptables is not installed");
    // Every split of redis-sentinel leaves some peer proxy with users on both sides.
    Op any = perform(toxiproxyOnly, PartitionNemesis.START, "random");
    assertThat(any.type()).isEqualTo(OpType.FAIL);
    assertThat(any.error()).contains("no partition can be expressed in redis-sentinel");
    assertWhole();
  }

  private static boolean cuts(Map<String, Set<String>> cutFrom, String pair) {
    String[] ab = pair.split(">");
    return cutFrom.getOrDefault(ab[0], Set.of()).contains(ab[1]);
  }

  /** The names of {@code node}'s client connections (CLIENT LIST's name= fields). */
  private List<String> clientNames(Endpoint node) throws IOException {
    List<String> names = new ArrayList<>();
    for (String field : Resp.once(env, node, 2000, "CLIENT", "LIST").toString().split("\\s+")) {
      if (field.startsWith("name=") && field.length() > 5) names.add(field.substring(5));
    }
    return names;
  }

  private static Map<String, Set<String>> cutFrom(Map<String, Object> value) {
    Map<String, Set<String>> cut = new java.util.TreeMap<>();
    asMap(value.get("cut-from")).forEach((node, others) -> cut.put(node, new HashSet<>(strings(others))));
    return cut;
  }

  private static List<String> strings(Object list) {
    return new ArrayList<>(((List<?>) list).stream().map(Object::toString).toList());
  }
}
