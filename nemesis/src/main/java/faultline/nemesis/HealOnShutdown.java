package faultline.nemesis;

/**
 * Heals a nemesis if the JVM exits (Ctrl-C, SIGTERM) while faults may be on: an environment that
 * outlives this process (an external one, or a local one whose teardown fails) must not keep a
 * black-holed link or a frozen primary. Closing it, at the normal end, removes the hook.
 */
public final class HealOnShutdown implements AutoCloseable {
  private final Thread hook;

  public HealOnShutdown(Nemesis nemesis) {
    this.hook = new Thread(() -> {
      try {
        nemesis.heal();
      } catch (RuntimeException e) {
        // The environment may be going down in its own hook at the same time: nothing left to heal.
        System.err.println("faultline: nemesis heal at exit incomplete: " + e.getMessage());
      }
    }, "faultline-nemesis-heal");
    Runtime.getRuntime().addShutdownHook(hook);
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
