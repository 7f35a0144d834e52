package faultline.results.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.format.HistoryFiles;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every report is rendered from: the run's configuration ({@code test.json}), its verdicts
 * ({@code results.json}, read as plain data so that fields checkers add later, such as a
 * {@code "models"} object, pass through) and its history.
 *
 * @param test the configuration and seed; empty for a history from elsewhere
 * @param results the checkers' output as results.json has it
 */
public record RunInputs(Map<String, Object> test, Map<String, Object> results, History history) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a run folder: history.jsonl and results.json must be there; test.json may be missing. */
  public static RunInputs load(Path runDirectory) throws IOException, MalformedHistoryException {
    Path history = runDirectory.resolve("history.jsonl");
    Path results = runDirectory.resolve("results.json");
    if (!Files.isRegularFile(history)) throw new IOException(runDirectory + " has no history.jsonl");
    if (!Files.isRegularFile(results)) throw new IOException(runDirectory + " has no results.json (was the run interrupted before its check?)");
    Path test = runDirectory.resolve("test.json");
    return new RunInputs(Files.isRegularFile(test) ? readMap(test) : Map.of(), readMap(results), HistoryFiles.read(history, null));
  }

  static Map<String, Object> readMap(Path file) throws IOException {
    return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
  }

  /** The test's name: test.json's, else results.json's, else the history's source. */
  public String name() {
    Object name = test.get("name");
    if (name == null) name = results.get("test");
    return name != null ? name.toString() : Path.of(history.source()).getFileName().toString();
  }
}
