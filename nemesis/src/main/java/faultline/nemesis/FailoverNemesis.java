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
import java.util.HashMap;
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
 *   <li>pg-replicated: the start cuts every replica's replication link to the primary, which
 *       keeps taking writes (asynchronous replication acknowledges them; synchronous blocks them);
 *       the stop fences the old primary (kill -9, and it stays down: taking it back as a standby
 *       would need pg_rewind), promotes the replica holding the most WAL and restores the links. Clients follow
 *       {@link Environment#primary()}. The other replica keeps following the old primary (a known
 *       limit of the environment), so a second failover finds no replica and is not done.
 * </ul>
 */
public final class FailoverNemesis implements Nemesis {
  public static final String START = "start-failover";
  public static final String STOP = "stop-failover";
  public static final String ISOLATE = "isolate";
  public static final String KILL = "kill";
  /** Sentinel declares a node down after 1 s and fails over within its 3 s failover timeout. */
  static final Duration FAILOVER_WAIT = Duration.ofSeconds(20);

  private final Environment env;
  private final Random random;
  /** PostgreSQL: which replicas stream from which primary (they do not follow a promotion). */
  private final Map<String, Set<String>> followers = new HashMap<>();
  private final Set<String> fenced = new LinkedHashSet<>();
  private Window window;

  /** An open failover: the primary it started from, how, and what it cut or killed. */
  private record Window(Node primary, String how, List<Link> cut) {}

  public FailoverNemesis(Environment env, Random random) {
    this.env = env;
    this.random = random;
    if (env.topology() == Topology.PG_REPLICATED) {
      Set<String> replicas = new LinkedHashSet<>();
      env.nodes().stream().filter(n -> n.role() == Role.REPLICA).forEach(n -> replicas.add(n.name()));
      env.nodes().stream().filter(n -> n.role() == Role.PRIMARY).forEach(n -> followers.put(n.name(), replicas));
    }
  }

  /** Whether {@code topology} has a failover this nemesis can provoke. */
  public static boolean supports(Topology topology) {
    return topology == Topology.REDIS_SENTINEL || topology == Topology.PG_REPLICATED;
  }

  /** Old PostgreSQL primaries that were killed to fence them, and stay down on purpose. */
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
      return NemesisOps.notDone(invocation, "no failover in " + env.topology() + "; failovers need redis-sentinel or pg-replicated");
    }
    return switch (invocation.f()) {
      case START -> window != null
          ? NemesisOps.notDone(invocation, "a failover is already under way from " + window.primary().name())
          : env.topology() == Topology.REDIS_SENTINEL ? startSentinel(invocation) : startPostgres(invocation);
      case STOP -> window == null
          ? NemesisOps.notDone(invocation, "no failover is under way")
          : env.topology() == Topology.REDIS_SENTINEL ? stopSentinel(invocation) : stopPostgres(invocation);
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
    window = new Window(old, how, cut);
    boolean failedOver = Waits.until(FAILOVER_WAIT, () -> env.primary().filter(p -> !p.equals(old)).isPresent());
    return NemesisOps.done(invocation, NemesisOps.value(
        "primary", old.name(), "how", how, "links", names(cut),
        "new-primary", failedOver ? env.primary().map(Node::name).orElse(null) : null));
  }

  private Op stopSentinel(Op invocation) {
    Window w = window;
    try {
      undo(w);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot bring " + w.primary().name() + " back: " + e.getMessage());
    }
    window = null;
    // The sentinels turn the old primary into a replica of the new one once they reach it again.
    Waits.until(FAILOVER_WAIT, () -> env.primaries().size() == 1);
    return NemesisOps.done(invocation, NemesisOps.value(
        "old-primary", w.primary().name(), "primary", env.primary().map(Node::name).orElse(null),
        "primaries", env.primaries().stream().map(Node::name).toList()));
  }

  private Op startPostgres(Op invocation) {
    Optional<Node> primary = env.primary();
    if (primary.isEmpty()) return NemesisOps.notDone(invocation, "no single primary");
    Node old = primary.get();
    List<Node> replicas = followersOf(old);
    if (replicas.isEmpty()) return NemesisOps.notDone(invocation, "no running replica streams from " + old.name());
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
    window = new Window(old, "cut replication", cut);
    return NemesisOps.done(invocation, NemesisOps.value("primary", old.name(), "links", names(cut)));
  }

  private Op stopPostgres(Op invocation) {
    Window w = window;
    List<Node> candidates = followersOf(w.primary());
    if (candidates.isEmpty()) {
      undo(w);
      window = null;
      return NemesisOps.notDone(invocation, "no replica of " + w.primary().name() + " left to promote; links restored");
    }
    Node promoted = mostAdvanced(candidates);
    try {
      w.primary().kill();
      fenced.add(w.primary().name());
      env.promote(promoted);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot fail over from " + w.primary().name() + " to " + promoted.name() + ": " + e.getMessage());
    } finally {
      try {
        NetworkRepair.repair(env);
      } finally {
        window = null;
      }
    }
    followers.put(promoted.name(), new LinkedHashSet<>());
    followers.get(w.primary().name()).remove(promoted.name());
    return NemesisOps.done(invocation, NemesisOps.value(
        "fenced", w.primary().name(), "promoted", promoted.name(), "links", names(w.cut())));
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

  private List<Node> followersOf(Node primary) {
    return followers.getOrDefault(primary.name(), Set.of()).stream()
        .map(env::node).filter(Node::isRunning).toList();
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
   * links restored, no promotion). Fenced PostgreSQL primaries stay down.
   */
  @Override
  public synchronized void heal() {
    Window w = window;
    window = null;
    if (w != null) undo(w);
    else NetworkRepair.repair(env);
  }
}
