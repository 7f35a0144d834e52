package faultline.results.report;

import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders every report of a run into a folder: report.html, latency.png, throughput.png,
 * junit.xml and summary.md. Everything comes from history.jsonl, results.json and test.json, so
 * an old run can be rendered again, and a history from elsewhere gets the same reports.
 */
public final class Reports {
  public static final String HTML = "report.html";
  public static final String JUNIT = "junit.xml";
  public static final String SUMMARY = "summary.md";

  /** What was written, and how long rendering took (reading the history included). */
  public record Rendered(Path directory, List<Path> files, long millis) {
    public Path html() {
      return directory.resolve(HTML);
    }
  }

  private Reports() {}

  /** Renders the reports of the run folder {@code runDirectory} into it. */
  public static Rendered renderRunFolder(Path runDirectory) throws IOException, MalformedHistoryException {
    long start = System.nanoTime();
    RunInputs run = RunInputs.load(runDirectory);
    return write(run, runDirectory, start);
  }

  /**
   * The end of a run: renders its reports, and when that fails says so in one line on {@code err}
   * rather than failing the run, whose verdict is already in results.json.
   */
  public static void renderAfterRun(Path runDirectory, PrintStream err) {
    try {
      Rendered rendered = renderRunFolder(runDirectory);
      err.printf("faultline: report %s (rendered in %d ms)%n", rendered.html(), rendered.millis());
    } catch (IOException | MalformedHistoryException | RuntimeException e) {
      err.println("faultline: the reports could not be rendered (" + e + "); try: faultline report " + runDirectory);
    }
  }

  /**
   * The reports of a history checked by {@code faultline check}: {@code check} is that file's
   * entry of {@code check --json} (its {@code Result}'s JSON), shown as the one checker, or as its
   * parts when it composes a workload's checkers; there is no test.json.
   */
  public static Rendered renderCheckedFile(Path historyFile, HistoryFormat format, Map<String, Object> check,
      Path directory) throws IOException, MalformedHistoryException {
    long start = System.nanoTime();
    // A Result names its checker itself ("linearizable", "list-append", "bank"): the finding is titled by it.
    // A workload's checkers composed (lock: mutex and resource) are findings each, as in a run's report.
    Map<String, Object> checker = new LinkedHashMap<>(check);
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("valid", check.get("valid"));
    results.put("test", historyFile.getFileName().toString());
    results.put("checkers", check.get("checkers") instanceof List<?> parts ? parts : List.of(checker));
    RunInputs run = new RunInputs(Map.of(), results, HistoryFiles.read(historyFile, format));
    ReportFolder.claim(directory);
    return write(run, directory, start);
  }

  /** Renders the reports of {@code run} into {@code directory} (created when missing). */
  public static Rendered render(RunInputs run, Path directory) throws IOException {
    return write(run, directory, System.nanoTime());
  }

  /** Writes every file through {@link ReportFolder.Writer}: never through a link, only into a folder of the user's. */
  private static Rendered write(RunInputs run, Path directory, long start) throws IOException {
    Files.createDirectories(directory);
    List<Finding> findings = Findings.of(run.results());
    Timeline timeline = Timeline.of(run.history());
    byte[] latency = Plots.latency(timeline);
    byte[] throughput = Plots.throughput(timeline);
    List<Path> files = new ArrayList<>();
    try (ReportFolder.Writer folder = ReportFolder.Writer.open(directory)) {
      files.add(folder.write(HTML, HtmlReport.render(run, findings, timeline, latency).getBytes(StandardCharsets.UTF_8)));
      files.add(folder.write("latency.png", latency));
      files.add(folder.write("throughput.png", throughput));
      files.add(folder.write(JUNIT, JunitReport.render(run, findings).getBytes(StandardCharsets.UTF_8)));
      files.add(folder.write(SUMMARY, MarkdownSummary.render(run, findings, timeline).getBytes(StandardCharsets.UTF_8)));
    }
    return new Rendered(directory, files, (System.nanoTime() - start) / 1_000_000);
  }
}
