package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Polling;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * redis-sentinel: the start cuts the primary off from its peers ({@code isolate}, the default:
 * sentinels and replicas can no longer reach it, clients still can) or kills it ({@code kill}),
 * then waits until a majority of sentinels name a new primary; the stop restores the link or
 * restarts the node, and the sentinels make the old primary a replica.
 */
final class SentinelFailover extends RedisFailoverWindow {

  SentinelFailover(Environment env) {
    super(env);
  }

  @Override
  public Op start(Op invocation) {
    String how = how(invocation);
    if (how == null) return NemesisOps.notDone(invocation, "a failover is provoked by isolate or kill, not " + NemesisOps.text(invocation, ""));
    Optional<Node> primary = env.primary();
    if (primary.isEmpty()) return NemesisOps.notDone(invocation, "the sentinels name no primary");
    Node old = primary.get();
    List<Link> cut = new ArrayList<>();
    List<String> filtered = List.of();
    try {
      if (how.equals(FailoverNemesis.KILL)) {
        kill(old);
      } else if (env.kind().peersThroughProxies()) {
        Link peers = env.link(Link.PEERS, old).orElseThrow();
        env.toxiproxy().getProxy(peers.name()).disable();
        cut.add(peers);
      } else {
        // No peer proxy to disable: every other node's packets to and from it are dropped on the hosts.
        filtered = PacketFilter.of(env).cutOrSayWhy(env.nodes().stream().filter(n -> !n.equals(old)).map(n -> new PairCut(n, old)).toList());
      }
    } catch (IOException | RuntimeException e) {
      NetworkRepair.repair(env);
      return NemesisOps.notDone(invocation, "cannot " + how + " " + old.name() + ": " + e.getMessage());
    }
    open(new Window(old, how, cut, 1));
    boolean failedOver = Polling.untilAnswered(FailoverNemesis.FAILOVER_WAIT, FailoverNemesis.POLL, () -> env.primary().filter(p -> !p.equals(old)).isPresent());
    return NemesisOps.done(invocation, NemesisOps.value(
        "primary", old.name(), "how", how, "links", names(cut), "filtered", filtered,
        "new-primary", failedOver ? env.primary().map(Node::name).orElse(null) : null));
  }
}
