package faultline.environments.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A shared library preloaded (LD_PRELOAD) into a node's server process, with the environment
 * variables that tell it what to do for that node. A node may have several; they are loaded in
 * the order given.
 *
 * @param library the built library (see {@link PreloadLibraries})
 * @param environment variables the library reads, for this node
 */
record PreloadLibrary(Path library, Map<String, String> environment) {
  PreloadLibrary {
    environment = Map.copyOf(environment);
  }

  /**
   * Throws unless {@code node} runs with {@code library} mapped (/proc/PID/maps): a library the
   * loader ignored (a cache on a noexec mount, a folder PostgreSQL's user cannot read) makes a
   * fault fail with its reason, never one recorded as done that did nothing.
   */
  static void requireLoaded(faultline.environments.Node node, Path library, String what) {
    long pid = node.pid().orElseThrow(() -> new IllegalStateException("node " + node.name() + " is not running"));
    if (!mapped(pid, library)) {
      throw new IllegalStateException("the " + what + " library " + library + " is not loaded in " + node.name() + " (pid " + pid
          + "); see the start of its log for the loader's reason");
    }
  }

  private static boolean mapped(long pid, Path library) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains(library.toString());
    } catch (IOException e) {
      return false;
    }
  }
}
