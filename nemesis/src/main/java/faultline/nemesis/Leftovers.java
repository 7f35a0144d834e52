package faultline.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import faultline.environments.ClockControl;
import faultline.environments.DiskStall;
import faultline.environments.Environment;
import faultline.environments.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What faults left behind, asked of the Toxiproxy server and the kernel rather than of any
 * nemesis' memory: toxics a nemesis added, disabled proxies, the packet filter's iptables chain,
 * paused processes, stalled disks, clocks off true time, nodes down. Empty after a heal; a run asserts it before its final reads.
 */
public final class Leftovers {
  private Leftovers() {}

  /** One line per leftover; nodes in {@code downOnPurpose} (fenced old primaries) may be down. */
  public static List<String> of(Environment env, Set<String> downOnPurpose) {
    List<String> left = new ArrayList<>();
    try {
      for (Proxy proxy : env.toxiproxy().getProxies()) {
        if (!proxy.isEnabled()) left.add("proxy " + proxy.getName() + " disabled");
        for (Toxic toxic : proxy.toxics().getAll()) {
          if (toxic.getName().startsWith(LinkFault.TOXIC_PREFIX)) left.add("toxic " + toxic.getName() + " on " + proxy.getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask Toxiproxy at " + env.toxiproxyApi(), e);
    }
    PacketFilter.of(env).leftover().ifPresent(left::add);
    for (Node node : env.nodes()) {
      stalled(env, node).ifPresent(left::add);
      clockOff(env, node).ifPresent(left::add);
      if (ProcessStates.isPaused(node)) left.add("node " + node.name() + " paused");
      if (!node.isRunning() && !downOnPurpose.contains(node.name())) left.add("node " + node.name() + " not running");
    }
    return left;
  }

  /**
   * What would outlive this process, were it to exit now: the packet filter's chain (the kernel
   * keeps it), and while Toxiproxy and the nodes still run, their toxics, disabled proxies and
   * paused processes. A Toxiproxy that no longer answers took its toxics with it, and a node no
   * longer running is the environment's teardown, not a fault left on.
   */
  public static List<String> afterExit(Environment env) {
    List<String> left = new ArrayList<>();
    PacketFilter.of(env).leftover().ifPresent(left::add);
    try {
      for (Proxy proxy : env.toxiproxy().getProxies()) {
        if (!proxy.isEnabled()) left.add("proxy " + proxy.getName() + " disabled");
        for (Toxic toxic : proxy.toxics().getAll()) {
          if (toxic.getName().startsWith(LinkFault.TOXIC_PREFIX)) left.add("toxic " + toxic.getName() + " on " + proxy.getName());
        }
      }
    } catch (IOException | UncheckedIOException toxiproxyGone) {
      // nothing of it is left
    }
    for (Node node : env.nodes()) {
      if (node.isRunning() && ProcessStates.isPaused(node)) left.add("node " + node.name() + " paused");
      if (node.isRunning()) stalled(env, node).ifPresent(left::add);
      if (node.isRunning()) clockOff(env, node).ifPresent(left::add);
    }
    return left;
  }

  private static java.util.Optional<String> stalled(Environment env, Node node) {
    return env.capability(DiskStall.class).map(s -> s.delay(node)).filter(d -> !d.isZero())
        .map(d -> "node " + node.name() + " disk stalled (" + d.toMillis() + " ms)");
  }

  private static java.util.Optional<String> clockOff(Environment env, Node node) {
    return env.capability(ClockControl.class).map(c -> c.offset(node)).filter(d -> !d.isZero())
        .map(d -> "node " + node.name() + " clock off true time (" + (d.isNegative() ? "" : "+") + d.toMillis() + " ms)");
  }

  public static List<String> of(Environment env) {
    return of(env, Set.of());
  }
}
