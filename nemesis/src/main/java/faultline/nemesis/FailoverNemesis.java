package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import faultline.environments.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Failovers, each one a window opened by {@code start-failover} and closed by
 * {@code stop-failover}:
 *
 * <ul>
 *   <li>redis-sentinel: the start cuts the primary off from its peers ({@code isolate}, the
 *       default: sentinels and replicas can no longer reach it, clients still can) or kills it
 *       ({@code kill}), then waits until a majority of sentinels name a new primary; the stop
 *       restores the link or restarts the node, and the sentinels make the old primary a replica.
 *       The failover is Sentinel's own; this nemesis only provokes it.
 *   <li>redis-cluster: the start cuts one shard's primary off from every other node, both ways
 *       ({@code isolate}: its shared peer and bus proxies for everyone, and its own connections
 *       to the others by the {@link PacketFilter}; clients still reach it) or kills it, then waits
 *       until its replica claims the shard. The cut-off primary keeps acknowledging writes until
 *       its node timeout tells it it is alone. The stop heals or restarts it, and the cluster
 *       makes it a replica of the new primary, dropping what it took alone. Cluster's own failover.
 *   <li>pg-replicated: the start cuts every other running node's replication link to the primary,
 *       which keeps taking writes (asynchronous replication acknowledges them; synchronous blocks
 *       them); the stop fences the old primary (kill -9), promotes the replica holding the most
 *       WAL, restores the links, points the other replicas at the new primary and takes the old
 *       primary back as its replica with pg_rewind, which discards there what it alone had. Clients
 *       follow {@link Environment#primary()}. The cluster is whole again after each stop, so the
 *       next failover starts from the new primary, as many times as a run schedules.
 * </ul>
 */
public final class FailoverNemesis implements Nemesis {
  public static final String START = "start-failover";
  public static final String STOP = "stop-failover";
  public static final String ISOLATE = "isolate";
  public static final String KILL = "kill";
  /** Sentinel declares a node down after 1 s and fails over within its 3 s failover timeout. */
  static final Duration FAILOVER_WAIT = Duration.ofSeconds(20);
  /** How long replicas get to stream from a new primary before the ones that cannot are rewound. */
  static final Duration FOLLOW_WAIT = Duration.ofSeconds(15);

  private final Environment env;
  private final Random random;
  private final Set<String> fenced = new LinkedHashSet<>();
  private Window window;

  /**
   * An open failover: the primary it started from, how, what it cut or killed, and how many
   * primaries there are once it has settled (one per shard: a Redis Cluster has several).
   */
  private record Window(Node primary, String how, List<Link> cut, int shards) {}

  /** Cuts a cluster primary's own connections to its peers, which share their peers' proxies. */
  private final PacketFilter filter;

  public FailoverNemesis(Environment env, Random random) {
    this.env = env;
    this.random = random;
    this.filter = PacketFilter.of(env);
  }

  /** Whether {@code topology} has a failover this nemesis can provoke. */
  public static boolean supports(Topology topology) {
    return topology == Topology.REDIS_SENTINEL || topology == Topology.REDIS_CLUSTER || topology == Topology.PG_REPLICATED;
  }

  /**
   * Old PostgreSQL primaries killed to fence them that could not be taken back as replicas (their
   * rejoin failed, and the stop said why): they stay down on purpose.
   */
  public synchronized Set<String> fenced() {
    return Set.copyOf(fenced);
  }

  @Override
  public Set<String> fs() {
    return Set.of(START, STOP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    if (!supports(env.topology())) {
      return NemesisOps.notDone(invocation, "no failover in " + env.topology() + "; failovers need redis-sentinel, redis-cluster or pg-replicated");
    }
    return switch (invocation.f()) {
      case START -> window != null
          ? NemesisOps.notDone(invocation, "a failover is already under way from " + window.primary().name())
          : switch (env.topology()) {
            case REDIS_SENTINEL -> startSentinel(invocation);
            case REDIS_CLUSTER -> startCluster(invocation);
            default -> startPostgres(invocation);
          };
      case STOP -> window == null
          ? NemesisOps.notDone(invocation, "no failover is under way")
          : switch (env.topology()) {
            case REDIS_SENTINEL, REDIS_CLUSTER -> stopRedis(invocation);
            default -> stopPostgres(invocation);
          };
      default -> NemesisOps.notDone(invocation, "not a failover op: " + invocation.f());
    };
  }

  private Op startSentinel(Op invocation) {
    String how = NemesisOps.text(invocation, ISOLATE);
    if (!how.equals(ISOLATE) && !how.equals(KILL)) return NemesisOps.notDone(invocation, "a failover is provoked by isolate or kill, not " + how);
    Optional<Node> primary = env.primary();
    if (primary.isEmpty()) return NemesisOps.notDone(invocation, "the sentinels name no primary");
    Node old = primary.get();
    List<Link> cut = new ArrayList<>();
    try {
      if (how.equals(KILL)) {
        old.kill();
      } else {
        Link peers = env.link(Link.PEERS, old).orElseThrow();
        env.toxiproxy().getProxy(peers.name()).disable();
        cut.add(peers);
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot " + how + " " + old.name() + ": " + e.getMessage());
    }
    window = new Window(old, how, cut, 1);
    boolean failedOver = Waits.until(FAILOVER_WAIT, () -> env.primary().filter(p -> !p.equals(old)).isPresent());
    return NemesisOps.done(invocation, NemesisOps.value(
        "primary", old.name(), "how", how, "links", names(cut),
        "new-primary", failedOver ? env.primary().map(Node::name).orElse(null) : null));
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
    PartitionLinks links = PartitionLinks.of(Grudge.split(List.of(Set.of(node.name()), rest)), env.links(), env.nodes());
    Optional<String> unavailable = links.unavailableWith(filter);
    if (unavailable.isPresent()) throw new IllegalStateException("its own connections cannot be cut: " + unavailable.get());
    cut.addAll(links.cut());
    links.applyTo(env, filter);
    return links.filteredNames();
  }

  /**
   * Heals or restarts the old primary, then waits until there is one primary per shard again:
   * back in touch, the old primary learns it was replaced and turns replica (the sentinels
   * reconfigure it; a Cluster node sees a newer epoch for its slots). If no replica ever took
   * over, the old primary simply stays one.
   */
  private Op stopRedis(Op invocation) {
    Window w = window;
    try {
      undo(w);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot bring " + w.primary().name() + " back: " + e.getMessage());
    }
    window = null;
    Waits.until(FAILOVER_WAIT, () -> env.primaries().size() == w.shards());
    Map<String, Object> value = NemesisOps.value("old-primary", w.primary().name());
    if (env.topology() == Topology.REDIS_SENTINEL) value.put("primary", env.primary().map(Node::name).orElse(null));
    value.put("primaries", env.primaries().stream().map(Node::name).toList());
    return NemesisOps.done(invocation, value);
  }

  private Op startCluster(Op invocation) {
    String how = NemesisOps.text(invocation, ISOLATE);
    if (!how.equals(ISOLATE) && !how.equals(KILL)) return NemesisOps.notDone(invocation, "a failover is provoked by isolate or kill, not " + how);
    List<Node> before = env.primaries();
    if (before.isEmpty()) return NemesisOps.notDone(invocation, "no cluster node says it is a primary");
    Node old = before.get(random.nextInt(before.size()));
    List<Link> cut = new ArrayList<>();
    List<String> filtered = List.of();
    try {
      if (how.equals(KILL)) {
        old.kill();
      } else {
        filtered = isolateBothWays(old, cut);
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot " + how + " " + old.name() + ": " + e.getMessage());
    }
    window = new Window(old, how, cut, before.size());
    // The shard has failed over when a node that was a replica says it is a primary.
    boolean failedOver = Waits.until(FAILOVER_WAIT, () -> env.primaries().stream().anyMatch(p -> !before.contains(p)));
    List<String> promoted = env.primaries().stream().filter(p -> !before.contains(p)).map(Node::name).toList();
    return NemesisOps.done(invocation, NemesisOps.value(
        "primary", old.name(), "how", how, "links", names(cut), "filtered", filtered,
        "new-primary", failedOver && !promoted.isEmpty() ? promoted.get(0) : null));
  }

  private Op startPostgres(Op invocation) {
    Optional<Node> primary = env.primary();
    if (primary.isEmpty()) return NemesisOps.notDone(invocation, "no single primary");
    Node old = primary.get();
    // Every other running data node is the primary's replica: the one it was started with, or put
    // behind it by the last stop. Cutting them all is what partitioning the primary off means.
    List<Node> replicas = env.nodes().stream().filter(n -> n.role() != Role.SENTINEL && !n.equals(old) && n.isRunning()).toList();
    if (replicas.isEmpty()) return NemesisOps.notDone(invocation, "no running replica of " + old.name());
    List<Link> cut = new ArrayList<>();
    try {
      for (Node replica : replicas) {
        Link link = env.link(replica.name(), old).orElseThrow();
        env.toxiproxy().getProxy(link.name()).disable();
        cut.add(link);
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot cut replication from " + old.name() + ": " + e.getMessage());
    }
    window = new Window(old, "cut replication", cut, 1);
    return NemesisOps.done(invocation, NemesisOps.value("primary", old.name(), "links", names(cut)));
  }

  private Op stopPostgres(Op invocation) {
    Window w = window;
    Node old = w.primary();
    List<Node> candidates = w.cut().stream().map(l -> env.node(l.from())).filter(Node::isRunning).toList();
    if (candidates.isEmpty()) {
      undo(w);
      window = null;
      return NemesisOps.notDone(invocation, "no replica of " + old.name() + " left to promote; links restored");
    }
    Node promoted = mostAdvanced(candidates);
    try {
      old.kill();
      fenced.add(old.name());
      env.promote(promoted);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot fail over from " + old.name() + " to " + promoted.name() + ": " + e.getMessage());
    } finally {
      try {
        NetworkRepair.repair(env);
      } finally {
        window = null;
      }
    }
    Map<String, Object> value = NemesisOps.value("fenced", old.name(), "promoted", promoted.name(), "links", names(w.cut()));
    value.putAll(regroup(promoted, old, candidates.stream().filter(n -> !n.equals(promoted)).toList()));
    return NemesisOps.done(invocation, value);
  }

  /**
   * Puts every node behind the new primary: the other replicas follow it, the fenced old primary
   * is rewound and rejoins, and a replica that cannot follow (it holds WAL the new primary never
   * had) is rewound too.
   *
   * <p>The old primary rejoins here, at the stop, rather than at the next start: the kill has
   * fenced it, so it can acknowledge nothing more, and rewinding it now leaves the quiet interval
   * to a whole cluster, two replicas for the next failover to choose from, and, under quorum
   * commit, a standby to spare, and the run's final reads meet all nodes up. At the next start
   * it would also delay the cut by the rewind, making the window's timing depend on it.
   */
  private Map<String, Object> regroup(Node primary, Node oldPrimary, List<Node> others) {
    List<String> rewound = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Node replica : others) {
      try {
        env.follow(replica, primary);
      } catch (RuntimeException e) {
        problems.add(replica.name() + " cannot follow: " + e.getMessage());
      }
    }
    if (rejoin(oldPrimary, primary, problems)) {
      fenced.remove(oldPrimary.name());
      rewound.add(oldPrimary.name());
    }
    Waits.until(FOLLOW_WAIT, () -> others.stream().allMatch(n -> streamsFrom(n, primary)));
    for (Node replica : others) {
      if (!streamsFrom(replica, primary) && rejoin(replica, primary, problems)) rewound.add(replica.name());
    }
    List<Node> standbys = env.nodes().stream().filter(n -> n.role() != Role.SENTINEL && !n.equals(primary) && n.isRunning()).toList();
    Waits.until(FOLLOW_WAIT, () -> standbys.stream().allMatch(n -> streamsFrom(n, primary)));
    Map<String, Object> value = NemesisOps.value(
        "rewound", rewound,
        "replicas", standbys.stream().filter(n -> streamsFrom(n, primary)).map(Node::name).toList());
    if (!problems.isEmpty()) value.put("problems", problems);
    return value;
  }

  private boolean rejoin(Node node, Node primary, List<String> problems) {
    try {
      env.rejoin(node, primary);
      return true;
    } catch (RuntimeException e) {
      problems.add(node.name() + " cannot rejoin: " + e.getMessage());
      return false;
    }
  }

  private boolean streamsFrom(Node replica, Node primary) {
    return env.upstream(replica).filter(primary::equals).isPresent();
  }

  /**
   * The replica holding the most WAL, as failover tools (Patroni, repmgr) choose; among equals, one
   * at random. With quorum commit only the most advanced replica surely has every acknowledged
   * commit; a random choice would lose some, and the loss would be the nemesis's, not PostgreSQL's.
   */
  private Node mostAdvanced(List<Node> candidates) {
    long best = Long.MIN_VALUE;
    List<Node> ahead = new ArrayList<>();
    for (Node candidate : candidates) {
      long position = env.walPosition(candidate).orElse(Long.MIN_VALUE);
      if (position > best) {
        best = position;
        ahead.clear();
      }
      if (position == best) ahead.add(candidate);
    }
    return ahead.get(random.nextInt(ahead.size()));
  }

  private void undo(Window w) {
    NetworkRepair.repair(env);
    if (w.how().equals(KILL) && !w.primary().isRunning()) w.primary().start();
  }

  private static List<String> names(List<Link> links) {
    return links.stream().map(Link::name).toList();
  }

  /**
   * Closes an open window without failing over (Redis: the old primary back; PostgreSQL: the
   * links restored, no promotion). A fenced PostgreSQL primary whose rejoin failed stays down.
   */
  @Override
  public synchronized void heal() {
    Window w = window;
    window = null;
    if (w != null) undo(w);
    else NetworkRepair.repair(env);
  }
}
