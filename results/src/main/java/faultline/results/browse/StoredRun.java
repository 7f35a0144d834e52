package faultline.results.browse;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.Verdict;
import faultline.results.report.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run folder of the store, as the results browser lists it.
 *
 * @param time the folder's name, {@code yyyyMMdd'T'HHmmss.SSS}: sorts as time does
 * @param verdict null when the run has no results.json yet (running, or interrupted)
 * @param ops completed client ops, or -1 when unknown
 * @param faults the nemesis's faults, as test.json names them; empty for none
 */
public record StoredRun(String test, String time, Path directory, Verdict verdict, long ops, List<String> faults) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads what the listing shows; a folder whose files cannot be read is still listed, as unknown. */
  static StoredRun read(String test, String time, Path directory) {
    Map<String, Object> results = readMap(directory.resolve("results.json")).orElse(null);
    Map<String, Object> config = readMap(directory.resolve("test.json")).orElse(Map.of());
    Verdict verdict = results == null ? null : Finding.verdictOf(results.get("valid"));
    long ops = -1;
    if (results != null && results.get("stats") instanceof Map<?, ?> stats) {
      ops = 0;
      for (String outcome : List.of("ok", "fail", "info")) ops += stats.get(outcome) instanceof Number n ? n.longValue() : 0;
    }
    List<String> faults = List.of();
    if (config.get("nemesis") instanceof Map<?, ?> nemesis && nemesis.get("faults") instanceof List<?> list) {
      faults = list.stream().map(String::valueOf).toList();
    }
    if (faults.isEmpty() && config.get("replication-latency-ms") instanceof Number ms && ms.longValue() > 0) {
      faults = List.of("replication latency " + ms + " ms");
    }
    return new StoredRun(test, time, directory, verdict, ops, faults);
  }

  private static Optional<Map<String, Object>> readMap(Path file) {
    // Never through a link: a run folder's files are its own, not what a link points to.
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(JSON.readValue(in, new TypeReference<Map<String, Object>>() {}));
    } catch (IOException e) {
      return Optional.empty(); // being written right now, or damaged: the listing says unknown
    }
  }

  public boolean has(String file) {
    return Files.isRegularFile(directory.resolve(file), LinkOption.NOFOLLOW_LINKS);
  }
}
