package faultline.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A partition as Jepsen's nemesis thinks of it: for every node, the nodes it cannot talk to.
 * Always symmetric (a cut is in both directions). Pure data: which proxies to cut for it is
 * {@link PartitionLinks}' business.
 */
public record Grudge(Map<String, Set<String>> cutFrom) {

  public Grudge {
    Map<String, Set<String>> copy = new LinkedHashMap<>();
    cutFrom.forEach((node, others) -> copy.put(node, Collections.unmodifiableSet(new TreeSet<>(others))));
    cutFrom = Collections.unmodifiableMap(copy);
  }

  /** Nodes in different components cannot talk; nodes within one can. */
  public static Grudge split(List<? extends Set<String>> components) {
    Map<String, Set<String>> cut = new LinkedHashMap<>();
    for (Set<String> component : components) {
      for (String node : component) {
        Set<String> others = new LinkedHashSet<>();
        for (Set<String> other : components) if (other != component) others.addAll(other);
        cut.put(node, others);
      }
    }
    return new Grudge(cut);
  }

  /**
   * Jepsen's majorities ring: the nodes in a ring (in the given order), each one talking to its
   * nearest neighbours on both sides and to no one further, as few neighbours as still make a
   * majority with itself. Every node sees a majority, and no two see the same one. Needs 4 nodes:
   * with 3, every majority of 2 is one neighbour away and nothing is cut.
   */
  public static Grudge majoritiesRing(List<String> ring) {
    int n = ring.size();
    if (n < 4) throw new IllegalArgumentException("a majorities ring needs at least 4 nodes, not " + n);
    int majority = n / 2 + 1;
    int reach = majority / 2; // neighbours on each side: ceil((majority - 1) / 2), so 2 * reach + 1 >= majority
    Map<String, Set<String>> cut = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Set<String> far = new LinkedHashSet<>();
      for (int j = 0; j < n; j++) {
        int distance = Math.min(Math.abs(i - j), n - Math.abs(i - j));
        if (distance > reach) far.add(ring.get(j));
      }
      cut.put(ring.get(i), far);
    }
    return new Grudge(cut);
  }

  public boolean cuts(String from, String to) {
    return cutFrom.getOrDefault(from, Set.of()).contains(to);
  }

  /** The nodes {@code node} can still talk to, itself included, among {@code all}. */
  public Set<String> sees(String node, List<String> all) {
    Set<String> seen = new TreeSet<>();
    for (String other : all) if (!cuts(node, other)) seen.add(other);
    return seen;
  }

  /** For an op's value: node -> nodes it cannot talk to, nodes with no cut left out. */
  public Map<String, Object> toValue() {
    Map<String, Object> value = new LinkedHashMap<>();
    cutFrom.forEach((node, others) -> {
      if (!others.isEmpty()) value.put(node, new ArrayList<>(others));
    });
    return value;
  }
}
