package faultline.nemesis;

import faultline.checker.history.Op;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several nemeses as one, as Jepsen's {@code nemesis/compose}: each op goes to the nemesis that
 * performs its f; heal heals them all, every one even when another fails.
 */
public final class CompositeNemesis implements Nemesis {
  private final List<Nemesis> nemeses;
  private final Map<String, Nemesis> byF = new LinkedHashMap<>();

  public CompositeNemesis(List<Nemesis> nemeses) {
    this.nemeses = List.copyOf(nemeses);
    for (Nemesis n : this.nemeses) {
      for (String f : n.fs()) {
        Nemesis previous = byF.putIfAbsent(f, n);
        if (previous != null && previous != n) throw new IllegalArgumentException("two nemeses perform " + f);
      }
    }
  }

  /** The composed nemesis of {@code type}, if any (e.g. to ask a failover which nodes it fenced). */
  public <T extends Nemesis> Optional<T> find(Class<T> type) {
    return nemeses.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  @Override
  public Set<String> fs() {
    return Set.copyOf(byF.keySet());
  }

  @Override
  public Op invoke(Op invocation) {
    Nemesis n = byF.get(invocation.f());
    if (n == null) return NemesisOps.notDone(invocation, "no nemesis performs " + invocation.f() + "; known: " + byF.keySet());
    return n.invoke(invocation);
  }

  /** Heals in reverse order of composition, so that later faults (built on earlier ones) go first. */
  @Override
  public void heal() {
    RuntimeException failure = null;
    for (int i = nemeses.size() - 1; i >= 0; i--) {
      try {
        nemeses.get(i).heal();
      } catch (RuntimeException e) {
        if (failure == null) failure = e;
        else failure.addSuppressed(e);
      }
    }
    if (failure != null) throw failure;
  }
}
