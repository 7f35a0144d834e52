package faultline.checker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data (real Jepsen histories with known verdicts) that lives beside the
 * repository: {@code $FAULTLINE_SHARED_DATA}, else a {@code shared/data} folder in this directory
 * or any parent's sibling, as on the project's machines ({@code /work/shared/data}).
 */
public final class SharedData {
  private SharedData() {}

  public static Path porcupine() {
    String env = System.getenv("FAULTLINE_SHARED_DATA");
    if (env != null) return Path.of(env, "porcupine");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data/porcupine");
      if (Files.isDirectory(candidate)) return candidate;
    }
    Path fallback = Path.of("/work/shared/data/porcupine");
    if (Files.isDirectory(fallback)) return fallback;
    throw new IllegalStateException("shared test data not found: set FAULTLINE_SHARED_DATA to the folder holding porcupine/");
  }
}
