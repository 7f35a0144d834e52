package faultline.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Link faults through Toxiproxy: {@code start-<fault>} degrades or cuts one link, chosen among
 * the invocation's target ({@link LinkTargets}: clients, peers, any, or a proxy name);
 * {@code stop-<fault>} undoes it. Faults of different kinds may be active at once.
 */
public final class LinkFaultNemesis implements Nemesis {
  private final Environment env;
  private final Random random;
  private final Map<LinkFault, Link> active = new EnumMap<>(LinkFault.class);

  public LinkFaultNemesis(Environment env, Random random) {
    this.env = env;
    this.random = random;
  }

  public static String startF(LinkFault fault) {
    return "start-" + fault.id();
  }

  public static String stopF(LinkFault fault) {
    return "stop-" + fault.id();
  }

  @Override
  public Set<String> fs() {
    Set<String> fs = new HashSet<>();
    for (LinkFault f : LinkFault.values()) {
      fs.add(startF(f));
      fs.add(stopF(f));
    }
    return fs;
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    for (LinkFault fault : LinkFault.values()) {
      if (invocation.f().equals(startF(fault))) return start(fault, invocation);
      if (invocation.f().equals(stopF(fault))) return stop(fault, invocation);
    }
    return NemesisOps.notDone(invocation, "not a link fault: " + invocation.f());
  }

  private Op start(LinkFault fault, Op invocation) {
    if (active.containsKey(fault)) {
      return NemesisOps.notDone(invocation, fault.id() + " is already on " + active.get(fault).name());
    }
    String target = NemesisOps.text(invocation, LinkTargets.ANY);
    Optional<Link> link = LinkTargets.pick(env, target, random);
    if (link.isEmpty()) return NemesisOps.notDone(invocation, "no link matches '" + target + "' in " + env.topology());
    try {
      fault.apply(fresh(link.get()));
    } catch (IOException | RuntimeException e) {
      undo(fault, link.get()); // a fault applied in one direction only is worse than none
      return NemesisOps.notDone(invocation, "Toxiproxy refused " + fault.id() + " on " + link.get().name() + ": " + e.getMessage());
    }
    active.put(fault, link.get());
    Map<String, Object> value = describe(link.get());
    value.putAll(fault.parameters());
    return NemesisOps.done(invocation, value);
  }

  private Op stop(LinkFault fault, Op invocation) {
    Link link = active.remove(fault);
    if (link == null) return NemesisOps.notDone(invocation, fault.id() + " is not active");
    undo(fault, link);
    return NemesisOps.done(invocation, describe(link));
  }

  static Map<String, Object> describe(Link link) {
    return NemesisOps.value("link", link.name(), "from", link.from(), "to", link.to().name(), "kind", link.kind().name().toLowerCase(Locale.ROOT));
  }

  /** Removes this fault's toxics from the link, and enables it if the fault disabled it. */
  private void undo(LinkFault fault, Link link) {
    try {
      Proxy proxy = fresh(link);
      for (Toxic toxic : proxy.toxics().getAll()) {
        if (toxic.getName().startsWith(LinkFault.TOXIC_PREFIX + fault.id() + "-")) toxic.remove();
      }
      if (fault == LinkFault.DOWN && !proxy.isEnabled()) proxy.enable();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot undo " + fault.id() + " on " + link.name(), e);
    }
  }

  /** The proxy as the server has it now (a Link's handle caches the state it was created with). */
  private Proxy fresh(Link link) throws IOException {
    return env.toxiproxy().getProxy(link.name());
  }

  @Override
  public synchronized void heal() {
    active.clear();
    NetworkRepair.repair(env);
  }
}
