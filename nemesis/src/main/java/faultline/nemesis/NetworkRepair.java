package faultline.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import faultline.environments.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the network back as the environment built it: every toxic a nemesis added removed, every
 * proxy enabled, the packet filter's chain removed. It asks the Toxiproxy server and iptables what
 * is there rather than trusting what a nemesis remembers, so it also repairs what an interrupted
 * fault left half-done. Environments never disable a proxy themselves, so enabling every proxy
 * restores their state.
 */
public final class NetworkRepair {
  private NetworkRepair() {}

  /**
   * Repairs and returns what it changed ("removed iptables chain C", "removed toxic X on P",
   * "enabled P"). The packet filter goes first and on its own: it does not need the Toxiproxy
   * server, which may already be gone when this runs at JVM exit beside the environment's teardown,
   * and a rule left behind would outlive the environment.
   */
  public static List<String> repair(Environment env) {
    List<String> changed = new ArrayList<>();
    PacketFilter filter = PacketFilter.of(env);
    RuntimeException filterFailure = null;
    try {
      filter.clear().ifPresent(rules -> changed.add("removed iptables chain " + filter.chain() + " (" + rules + " rule(s))"));
    } catch (RuntimeException e) {
      filterFailure = e; // the proxies are repaired all the same
    }
    try {
      for (Proxy proxy : env.toxiproxy().getProxies()) {
        for (Toxic toxic : proxy.toxics().getAll()) {
          if (toxic.getName().startsWith(LinkFault.TOXIC_PREFIX)) {
            toxic.remove();
            changed.add("removed toxic " + toxic.getName() + " on " + proxy.getName());
          }
        }
        if (!proxy.isEnabled()) {
          proxy.enable();
          changed.add("enabled " + proxy.getName());
        }
      }
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("cannot repair the network through Toxiproxy at " + env.toxiproxyApi(), e);
      if (filterFailure != null) failure.addSuppressed(filterFailure);
      throw failure;
    }
    if (filterFailure != null) throw filterFailure;
    return changed;
  }
}
