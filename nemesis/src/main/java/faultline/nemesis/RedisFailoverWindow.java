package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import java.util.List;
import java.util.Map;

/**
 * What Sentinel and Cluster failovers share: the window a start opened (the primary it started
 * from, how, what it cut or killed, and how many primaries there are once settled: one per shard),
 * and the stop, which heals or restarts the old primary and waits for Redis to make it a replica.
 * The failover itself is Redis'; the procedures only provoke it.
 */
abstract class RedisFailoverWindow implements Failover {
  protected final Environment env;
  private Window window;

  protected record Window(Node primary, String how, List<Link> cut, int shards) {}

  RedisFailoverWindow(Environment env) {
    this.env = env;
  }

  protected void open(Window w) {
    window = w;
  }

  @Override
  public String openFrom() {
    return window == null ? null : window.primary().name();
  }

  /** Kills {@code node}, for {@code failover-kill}: needs the environment's process control. */
  protected void kill(Node node) {
    env.require(ProcessControl.class).kill(node);
  }

  /**
   * Heals or restarts the old primary, then waits until there is one primary per shard again:
   * back in touch, the old primary learns it was replaced and turns replica (the sentinels
   * reconfigure it; a Cluster node sees a newer epoch for its slots). If no replica ever took
   * over, the old primary simply stays one.
   */
  @Override
  public Op stop(Op invocation) {
    Window w = window;
    try {
      undo(w);
    } catch (RuntimeException e) {
      return NemesisOps.notDone(invocation, "cannot bring " + w.primary().name() + " back: " + e.getMessage());
    }
    window = null;
    Polling.untilAnswered(FailoverNemesis.FAILOVER_WAIT, FailoverNemesis.POLL, () -> env.primaries().size() == w.shards());
    Map<String, Object> value = NemesisOps.value("old-primary", w.primary().name());
    if (env.topology() == Topology.REDIS_SENTINEL) value.put("primary", env.primary().map(Node::name).orElse(null));
    value.put("primaries", env.primaries().stream().map(Node::name).toList());
    return NemesisOps.done(invocation, value);
  }

  @Override
  public void heal() {
    Window w = window;
    window = null;
    if (w != null) undo(w);
    else NetworkRepair.repair(env);
  }

  private void undo(Window w) {
    NetworkRepair.repair(env);
    if (w.how().equals(FailoverNemesis.KILL) && !w.primary().isRunning()) env.require(ProcessControl.class).start(w.primary());
  }

  /** The provocation named by the start's value: isolate (the default) or kill; null for anything else. */
  protected static String how(Op invocation) {
    String how = NemesisOps.text(invocation, FailoverNemesis.ISOLATE);
    return how.equals(FailoverNemesis.ISOLATE) || how.equals(FailoverNemesis.KILL) ? how : null;
  }

  protected static List<String> names(List<Link> links) {
    return links.stream().map(Link::name).toList();
  }
}
