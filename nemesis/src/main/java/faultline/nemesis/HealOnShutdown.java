package faultline.nemesis;

import java.util.List;
import java.util.function.Supplier;

/**
 * Heals a nemesis if the JVM exits (Ctrl-C, SIGTERM) while faults may be on: an environment that
 * outlives this process (a local one whose teardown fails) must not keep a black-holed link or a
 * frozen primary. Closing it, at the normal end, removes the hook.
 *
 * <p>The environment's own exit hook runs at the same time and tears it down, taking Toxiproxy
 * and the nodes (and so their toxics and paused processes) with it; the heal then often fails for
 * want of Toxiproxy, with nothing left to heal. So a failed heal is reported only when something
 * is in fact left ({@link Leftovers#afterExit}), never as a false alarm.
 */
public final class HealOnShutdown implements AutoCloseable {
  private final Thread hook;

  public HealOnShutdown(Nemesis nemesis, Supplier<List<String>> leftovers) {
    this.hook = new Thread(() -> healAtExit(nemesis, leftovers).forEach(System.err::println), "faultline-nemesis-heal");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Heals; what to tell the user: nothing when the heal worked or nothing is left, else what is. */
  static List<String> healAtExit(Nemesis nemesis, Supplier<List<String>> leftovers) {
    try {
      nemesis.heal();
      return List.of();
    } catch (RuntimeException healFailed) {
      List<String> left;
      try {
        left = leftovers.get();
      } catch (RuntimeException unknown) {
        return List.of("faultline: nemesis heal at exit incomplete (" + healFailed.getMessage() + "), and what is left is unknown: "
            + unknown.getMessage());
      }
      if (left.isEmpty()) return List.of();
      return List.of("faultline: nemesis heal at exit incomplete (" + healFailed.getMessage() + "); left: " + String.join(", ", left));
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs or has run: nothing to remove
    }
  }
}
