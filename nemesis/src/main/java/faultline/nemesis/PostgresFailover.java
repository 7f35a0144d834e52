package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * pg-replicated: the start cuts every other running node's replication link to the primary, which
 * keeps taking writes (asynchronous replication acknowledges them; synchronous blocks them); the
 * stop fences the old primary (kill -9), promotes the replica holding the most WAL, restores the
 * links, points the other replicas at the new primary and takes the old primary back as its
 * replica with pg_rewind, which discards there what it alone had. Clients follow
 * {@link Environment#primary()}. The cluster is whole again after each stop, so the next failover
 * starts from the new primary, as many times as a run schedules.
 */
final class PostgresFailover implements Failover {
  private final Environment env;
  private final PostgresReplication postgres;
  private final Random random;
  private final Set<String> fenced = new LinkedHashSet<>();
  private Window window;

  /** An open failover: the primary it started from, and the replication links it cut. */
  private record Window(Node primary, List<Node> cutOff, List<String> links) {}

  PostgresFailover(Environment env, PostgresReplication postgres, Random random) {
    this.env = env;
    this.postgres = postgres;
    this.random = random;
  }

  /**
   * Old primaries killed to fence them that could not be taken back as replicas (their rejoin
   * failed, and the stop said why): they stay down on purpose.
   */
  Set<String> fenced() {
    return Set.copyOf(fenced);
  }

  @Override
  public String openFrom() {
    return window == null ? null : window.primary().name();
  }

  @Override
  public Op start(Op invocation) {
    Optional<Node> primary = env.primary();
    if (primary.isEmpty()) return NemesisOps.notDone(invocation, "no single primary");
    Node old = primary.get();
    // Every other running data node is the primary's replica: the one it was started with, or put
    // behind it by the last stop. Cutting them all is what partitioning the primary off means.
    List<Node> replicas = env.nodes().stream().filter(n -> n.role() != Role.SENTINEL && !n.equals(old) && n.isRunning()).toList();
    if (replicas.isEmpty()) return NemesisOps.notDone(invocation, "no running replica of " + old.name());
    List<String> cut = new ArrayList<>();
    try {
      if (env.kind().peersThroughProxies()) {
        for (Node replica : replicas) {
          Link link = env.link(replica.name(), old).orElseThrow();
          env.toxiproxy().getProxy(link.name()).disable();
          cut.add(link.name());
        }
      } else {
        // Replicas reach the primary directly: their pairs are dropped on the hosts.
        cut.addAll(PacketFilter.of(env).cutOrSayWhy(replicas.stream().map(r -> new PairCut(r, old)).toList()));
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot cut replication from " + old.name() + ": " + e.getMessage());
    }
    window = new Window(old, replicas, List.copyOf(cut));
    return NemesisOps.done(invocation, NemesisOps.value("primary", old.name(), "links", cut));
  }

  @Override
  public Op stop(Op invocation) {
    Window w = window;
    Node old = w.primary();
    List<Node> candidates = w.cutOff().stream().filter(Node::isRunning).toList();
    if (candidates.isEmpty()) {
      heal();
      return NemesisOps.notDone(invocation, "no replica of " + old.name() + " left to promote; links restored");
    }
    Node promoted = mostAdvanced(candidates);
    try {
      env.require(ProcessControl.class).kill(old);
      fenced.add(old.name());
      postgres.promote(promoted);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot fail over from " + old.name() + " to " + promoted.name() + ": " + e.getMessage());
    } finally {
      try {
        NetworkRepair.repair(env);
      } finally {
        window = null;
      }
    }
    Map<String, Object> value = NemesisOps.value("fenced", old.name(), "promoted", promoted.name(), "links", w.links());
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
        postgres.follow(replica, primary);
      } catch (RuntimeException e) {
        problems.add(replica.name() + " cannot follow: " + e.getMessage());
      }
    }
    if (rejoin(oldPrimary, primary, problems)) {
      fenced.remove(oldPrimary.name());
      rewound.add(oldPrimary.name());
    }
    Polling.untilAnswered(FailoverNemesis.FOLLOW_WAIT, FailoverNemesis.POLL, () -> others.stream().allMatch(n -> streamsFrom(n, primary)));
    for (Node replica : others) {
      if (!streamsFrom(replica, primary) && rejoin(replica, primary, problems)) rewound.add(replica.name());
    }
    List<Node> standbys = env.nodes().stream().filter(n -> n.role() != Role.SENTINEL && !n.equals(primary) && n.isRunning()).toList();
    Polling.untilAnswered(FailoverNemesis.FOLLOW_WAIT, FailoverNemesis.POLL, () -> standbys.stream().allMatch(n -> streamsFrom(n, primary)));
    Map<String, Object> value = NemesisOps.value(
        "rewound", rewound,
        "replicas", standbys.stream().filter(n -> streamsFrom(n, primary)).map(Node::name).toList());
    if (!problems.isEmpty()) value.put("problems", problems);
    return value;
  }

  private boolean rejoin(Node node, Node primary, List<String> problems) {
    try {
      postgres.rejoin(node, primary);
      return true;
    } catch (RuntimeException e) {
      problems.add(node.name() + " cannot rejoin: " + e.getMessage());
      return false;
    }
  }

  private boolean streamsFrom(Node replica, Node primary) {
    return postgres.upstream(replica).filter(primary::equals).isPresent();
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
      long position = postgres.walPosition(candidate).orElse(Long.MIN_VALUE);
      if (position > best) {
        best = position;
        ahead.clear();
      }
      if (position == best) ahead.add(candidate);
    }
    return ahead.get(random.nextInt(ahead.size()));
  }

  /** Closes an open window without promoting: the links restored. A fenced primary whose rejoin failed stays down. */
  @Override
  public void heal() {
    window = null;
    NetworkRepair.repair(env);
  }
}
