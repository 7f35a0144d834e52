package faultline.checker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the test corpus kept in the repository (real Jepsen histories with known verdicts, from
 * Porcupine, under its MIT license): {@code testdata/porcupine} at the repository's root, found by
 * walking up from the working directory (Maven runs each module's tests in the module's folder).
 * {@code $FAULTLINE_SHARED_DATA} may point at another copy holding {@code porcupine/}.
 */
public final class SharedData {
  private SharedData() {}

  public static Path porcupine() {
    String env = System.getenv("FAULTLINE_SHARED_DATA");
    if (env != null) return Path.of(env, "porcupine");
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/porcupine");
      if (Files.isRegularFile(candidate.resolve("expected.tsv"))) return candidate;
    }
    throw new IllegalStateException("test corpus not found: testdata/porcupine/expected.tsv is missing from the repository");
  }
}
