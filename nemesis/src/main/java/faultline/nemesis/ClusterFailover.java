package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.RedisFailover;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * redis-cluster: the start cuts one shard's primary (one that holds keys) off from every other node, both ways
 * ({@code isolate}: its shared peer and bus proxies for everyone, and its own connections to the
 * others by the {@link PacketFilter}; clients still reach it) or kills it, then waits until its
 * replica claims the shard. The cut-off primary keeps acknowledging writes until its node timeout
 * tells it it is alone. The stop heals or restarts it, and the cluster makes it a replica of the
 * new primary, dropping what it took alone.
 */
final class ClusterFailover extends RedisFailoverWindow {
  private final Random random;
  /** Cuts a cluster primary's own connections to its peers, which share their peers' proxies. */
  private final PacketFilter filter;

  ClusterFailover(Environment env, Random random) {
    super(env);
    this.random = random;
    this.filter = PacketFilter.of(env);
  }

  @Override
  public Op start(Op invocation) {
    String how = how(invocation);
    if (how == null) return NemesisOps.notDone(invocation, "a failover is provoked by isolate or kill, not " + NemesisOps.text(invocation, ""));
    List<Node> before = env.primaries();
    if (before.isEmpty()) return NemesisOps.notDone(invocation, "no cluster node says it is a primary");
    List<Node> candidates = holdingKeys(before);
    Node old = candidates.get(random.nextInt(candidates.size()));
    List<Link> cut = new ArrayList<>();
    List<String> filtered = List.of();
    try {
      if (how.equals(FailoverNemesis.KILL)) {
        kill(old);
      } else {
        filtered = isolateBothWays(old, cut);
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot " + how + " " + old.name() + ": " + e.getMessage());
    }
    open(new Window(old, how, cut, before.size()));
    // The shard has failed over when a node that was a replica says it is a primary.
    boolean failedOver = Polling.untilAnswered(FailoverNemesis.FAILOVER_WAIT, FailoverNemesis.POLL, () -> env.primaries().stream().anyMatch(p -> !before.contains(p)));
    List<String> promoted = env.primaries().stream().filter(p -> !before.contains(p)).map(Node::name).toList();
    return NemesisOps.done(invocation, NemesisOps.value(
        "primary", old.name(), "how", how, "links", names(cut), "filtered", filtered,
        "new-primary", failedOver && !promoted.isEmpty() ? promoted.get(0) : null));
  }

  /**
   * The primaries that hold keys, or all of them when none does or none can say: a shard without
   * any of the workload's keys (a transactional workload keeps all of its keys in one slot) can
   * lose nothing, so failing it over would show nothing.
   */
  private List<Node> holdingKeys(List<Node> primaries) {
    RedisFailover failover = env.require(RedisFailover.class);
    List<Node> holding = new ArrayList<>();
    for (Node primary : primaries) {
      try {
        if (failover.keysHeldBy(primary) > 0) holding.add(primary);
      } catch (IOException e) {
        return primaries; // a primary that cannot answer: choose among all, as without the question
      }
    }
    return holding.isEmpty() ? primaries : holding;
  }

  /**
   * Cuts {@code node} off from every other node in both directions: the proxies only it is
   * reached through are disabled (added to {@code cut}), and its own connections to its peers,
   * which go through their proxies, shared with everyone else, are dropped by the packet filter.
   *
   * @return the filtered pairs, for the op's value
   */
  private List<String> isolateBothWays(Node node, List<Link> cut) throws IOException {
    Set<String> rest = new LinkedHashSet<>(env.nodes().stream().map(Node::name).toList());
    rest.remove(node.name());
    PartitionLinks links = PartitionLinks.of(Grudge.split(List.of(Set.of(node.name()), rest)), env);
    Optional<String> unavailable = links.unavailableWith(filter);
    if (unavailable.isPresent()) throw new IllegalStateException("its own connections cannot be cut: " + unavailable.get());
    cut.addAll(links.cut());
    links.applyTo(env, filter);
    return links.filteredNames();
  }
}
