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

  /** Whether process {@code pid} has {@code library} mapped (/proc/PID/maps): the loader took it. */
  static boolean mapped(long pid, Path library) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains(library.toString());
    } catch (IOException e) {
      return false;
    }
  }
}
