package faultline.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One run's folder in the store, as DESIGN.md lays it out:
 * {@code store/<test-name>/<yyyyMMdd'T'HHmmss.SSS>/} with {@code test.json} (the full
 * configuration and seed), {@code history.jsonl}, {@code results.json} and the nodes' logs under
 * {@code nodes/}; {@code store/latest} points at the newest run.
 */
public final class RunFolder {
  public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path store;
  private final Path directory;

  private RunFolder(Path store, Path directory) {
    this.store = store;
    this.directory = directory;
  }

  /** Creates the folder of a run of {@code testName} started {@code at}, and points {@code latest} at it. */
  public static RunFolder create(Path store, String testName, LocalDateTime at) throws IOException {
    if (testName.isBlank() || testName.contains("/") || testName.startsWith(".")) {
      throw new IllegalArgumentException("not a test name: '" + testName + "'");
    }
    requireLatestIsOurs(store.resolve("latest"));
    Path test = store.resolve(testName);
    Path directory = test.resolve(at.format(TIME));
    // Two runs in the same millisecond (tests) get distinct folders.
    for (int n = 1; Files.exists(directory); n++) directory = test.resolve(at.format(TIME) + "-" + n);
    Files.createDirectories(directory);
    RunFolder folder = new RunFolder(store, directory);
    folder.pointLatestHere();
    return folder;
  }

  /**
   * {@code latest} is ours to replace only when it is a link (or absent): a file or folder of that
   * name is the user's, and a run refuses before it makes anything rather than lose it.
   */
  private static void requireLatestIsOurs(Path latest) throws IOException {
    if (!Files.exists(latest, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(latest)) return;
    String what = Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "a file";
    throw new IOException(latest + " is " + what + ", not a link to the newest run as faultline makes it; "
        + "move it away or choose another --store (nothing was started)");
  }

  /** Replaces {@code store/latest} with a relative link to this run, atomically. */
  private void pointLatestHere() throws IOException {
    Path latest = store.resolve("latest");
    Path fresh = store.resolve(".latest-" + ProcessHandle.current().pid());
    Files.deleteIfExists(fresh);
    Files.createSymbolicLink(fresh, store.relativize(directory));
    Files.move(fresh, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public Path directory() {
    return directory;
  }

  public Path history() {
    return directory.resolve("history.jsonl");
  }

  /** Where the environment keeps its nodes' configs and logs (their data is deleted at the end). */
  public Path nodes() {
    return directory.resolve("nodes");
  }

  public Path testFile() {
    return directory.resolve("test.json");
  }

  public Path resultsFile() {
    return directory.resolve("results.json");
  }

  public void writeTest(Map<String, Object> test) throws IOException {
    JSON.writeValue(testFile().toFile(), test);
  }

  public void writeResults(Map<String, Object> results) throws IOException {
    JSON.writeValue(resultsFile().toFile(), results);
  }

  @Override
  public String toString() {
    return directory.toString();
  }
}
