package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Link;
import faultline.environments.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Which proxies a partition disables and which pairs it filters, planned without servers. */
class PartitionLinksTest {

  @Test
  void aRingOnSentinelFiltersEachCutPairOnBothNodesPeerLinksAndDisablesNoProxy() {
    OfflineLinks t = OfflineLinks.sentinel();
    // Opposite in a ring of 6: n1 and s2, s1 and n3, n2 and s3.
    Grudge ring = Grudge.majoritiesRing(List.of("n1", "s1", "n2", "s2", "n3", "s3"));
    PartitionLinks links = PartitionLinks.of(ring, t.links, t.nodes);
    assertThat(links.cut()).isEmpty();
    assertThat(names(links.filtered())).containsExactlyInAnyOrder(
        "n1 -> peers_to_s2", "s2 -> peers_to_n1",
        "s1 -> peers_to_n3", "n3 -> peers_to_s1",
        "n2 -> peers_to_s3", "s3 -> peers_to_n2");
  }

  @Test
  void isolatingANodeDisablesItsPeerProxyAndFiltersItOffEveryOtherOne() {
    OfflineLinks t = OfflineLinks.sentinel();
    Grudge isolate = Grudge.split(List.of(Set.of("n1"), new LinkedHashSet<>(List.of("n2", "n3", "s1", "s2", "s3"))));
    PartitionLinks links = PartitionLinks.of(isolate, t.links, t.nodes);
    // Every other node is cut from n1: its one shared proxy can go whole.
    assertThat(links.names()).containsExactly("peers_to_n1");
    assertThat(names(links.filtered())).containsExactlyInAnyOrder(
        "n1 -> peers_to_n2", "n1 -> peers_to_n3", "n1 -> peers_to_s1", "n1 -> peers_to_s2", "n1 -> peers_to_s3");
  }

  @Test
  void aRingOnAClusterCutsEachPairOnItsPeerAndItsBusLinks() {
    OfflineLinks t = OfflineLinks.cluster();
    Grudge ring = Grudge.majoritiesRing(List.of("n1", "n2", "n3", "n4", "n5", "n6"));
    PartitionLinks links = PartitionLinks.of(ring, t.links, t.nodes);
    assertThat(links.cut()).isEmpty();
    assertThat(names(links.filtered())).containsExactlyInAnyOrder(
        "n1 -> peers_to_n4", "n1 -> bus_to_n4", "n4 -> peers_to_n1", "n4 -> bus_to_n1",
        "n2 -> peers_to_n5", "n2 -> bus_to_n5", "n5 -> peers_to_n2", "n5 -> bus_to_n2",
        "n3 -> peers_to_n6", "n3 -> bus_to_n6", "n6 -> peers_to_n3", "n6 -> bus_to_n3");
  }

  @Test
  void replicationLinksBelongToOnePairAndAreCutWholeNeverFiltered() {
    OfflineLinks t = OfflineLinks.replicated();
    Grudge primary = Grudge.split(List.of(Set.of("n1"), Set.of("n2", "n3")));
    PartitionLinks links = PartitionLinks.of(primary, t.links, t.nodes);
    assertThat(links.names()).containsExactlyInAnyOrder("n1_to_n2", "n1_to_n3", "n2_to_n1", "n3_to_n1");
    assertThat(links.filtered()).isEmpty();
  }

  @Test
  void packetFilterRulesDropTheNodesPacketsToTheProxyAndTheProxysPacketsBack() {
    OfflineLinks t = OfflineLinks.sentinel();
    Link peersToS2 = t.link(Link.Kind.PEER, "s2");
    String port = Integer.toString(peersToS2.listen().port());
    List<List<String>> rules = faultline.environments.local.LocalPacketFiltering.rules(new PairCut(t.node("n1"), peersToS2).pair());
    assertThat(rules).containsExactly(
        List.of("-s", "127.0.0.11", "-d", "127.0.0.10", "-p", "tcp", "--dport", port, "-j", "DROP"),
        List.of("-s", "127.0.0.10", "-d", "127.0.0.11", "-p", "tcp", "--sport", port, "-j", "DROP"));
  }

  /**
   * For any split or ring on any Redis topology: a node's way to another through a link is cut
   * (proxy disabled, or its pair filtered) exactly when the grudge cuts the two; a proxy is
   * disabled only when every node using it is cut from its node; and every filtered pair has its
   * mirror, so that both nodes lose each other.
   */
  @Property(tries = 300)
  void everyWayBetweenTwoNodesIsCutExactlyWhenTheGrudgeCutsThem(
      @ForAll @IntRange(min = 0, max = 2) int shape, @ForAll boolean ring, @ForAll long seed) {
    OfflineLinks t = switch (shape) {
      case 0 -> OfflineLinks.sentinel();
      case 1 -> OfflineLinks.cluster();
      default -> OfflineLinks.replicated();
    };
    Random random = new Random(seed);
    List<String> order = new ArrayList<>(t.names());
    Collections.shuffle(order, random);
    Grudge grudge;
    if (ring && order.size() >= 4) {
      grudge = Grudge.majoritiesRing(order);
    } else {
      int side = 1 + random.nextInt(order.size() - 1);
      grudge = Grudge.split(List.of(new LinkedHashSet<>(order.subList(0, side)), new LinkedHashSet<>(order.subList(side, order.size()))));
    }
    PartitionLinks links = PartitionLinks.of(grudge, t.links, t.nodes);
    Set<String> filtered = new HashSet<>(names(links.filtered()));

    for (Link link : t.links) {
      String to = link.to().name();
      boolean whole = links.cut().contains(link);
      switch (link.kind()) {
        case CLIENT -> assertThat(whole).as("client link %s", link.name()).isFalse();
        case REPLICATION -> assertThat(whole).as(link.name()).isEqualTo(grudge.cuts(link.from(), to));
        case PEER, CLUSTER_BUS -> {
          boolean everyUserCut = true;
          for (Node user : t.nodes) {
            if (user.name().equals(to)) continue;
            boolean cut = whole || filtered.contains(user.name() + " -> " + link.name());
            assertThat(cut).as("%s through %s", user.name(), link.name()).isEqualTo(grudge.cuts(user.name(), to));
            everyUserCut &= grudge.cuts(user.name(), to);
          }
          assertThat(whole).as("%s disabled only when all its users are cut", link.name()).isEqualTo(everyUserCut);
        }
      }
    }
    for (PairCut pair : links.filtered()) {
      assertThat(pair.link().orElseThrow().kind()).isIn(Link.Kind.PEER, Link.Kind.CLUSTER_BUS);
      Link mirror = t.link(pair.link().orElseThrow().kind(), pair.from().name());
      String back = pair.link().orElseThrow().to().name() + " -> " + mirror.name();
      assertThat(links.cut().contains(mirror) || filtered.contains(back)).as("the mirror of %s", pair).isTrue();
    }
  }

  private static List<String> names(List<PairCut> pairs) {
    return pairs.stream().map(PairCut::toString).toList();
  }
}
