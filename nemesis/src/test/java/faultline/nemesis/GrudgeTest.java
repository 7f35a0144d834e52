package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GrudgeTest {

  @Test
  void aSplitCutsEveryPairAcrossComponentsAndNoPairWithinOne() {
    Grudge g = Grudge.split(List.of(Set.of("n1", "n2"), Set.of("n3", "n4", "n5")));
    assertThat(g.cuts("n1", "n3")).isTrue();
    assertThat(g.cuts("n3", "n1")).isTrue();
    assertThat(g.cuts("n1", "n2")).isFalse();
    assertThat(g.cuts("n4", "n5")).isFalse();
    assertThat(g.toValue()).containsEntry("n1", List.of("n3", "n4", "n5"));
  }

  @Test
  void aRingOfFiveLetsEachNodeSeeItsTwoNeighbours() {
    List<String> ring = List.of("a", "b", "c", "d", "e");
    Grudge g = Grudge.majoritiesRing(ring);
    assertThat(g.sees("a", ring)).containsExactlyInAnyOrder("e", "a", "b");
    assertThat(g.sees("c", ring)).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void threeNodesMakeNoRing() {
    assertThatThrownBy(() -> Grudge.majoritiesRing(List.of("a", "b", "c"))).hasMessageContaining("at least 4 nodes");
  }

  /** Jepsen's definition: every node sees a majority, no two the same one, and cuts are symmetric. */
  @Property(tries = 50)
  void everyNodeOfARingSeesADistinctMajority(@ForAll @IntRange(min = 4, max = 15) int n) {
    List<String> ring = java.util.stream.IntStream.range(0, n).mapToObj(i -> "n" + i).toList();
    Grudge g = Grudge.majoritiesRing(ring);
    Set<Set<String>> majorities = new HashSet<>();
    for (String node : ring) {
      Set<String> seen = g.sees(node, ring);
      assertThat(seen.size()).as("%s sees a majority of %d", node, n).isGreaterThan(n / 2);
      assertThat(seen.size()).as("%s does not see everyone", node).isLessThan(n);
      majorities.add(seen);
      for (String other : ring) assertThat(g.cuts(node, other)).isEqualTo(g.cuts(other, node));
    }
    assertThat(majorities).hasSize(n);
  }
}
