package faultline.cli;

import faultline.checker.history.MalformedHistoryException;
import faultline.results.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faultline report RUN_DIR}: renders a run's reports again from its history and results. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Renders a run folder's report.html (timeline, plots), junit.xml and summary.md again.",
      "It reads the folder's history.jsonl, results.json and test.json.",
      "Exit codes: 0 rendered, 64 not a run folder."
    })
public final class ReportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "RUN_DIR", description = "a run folder, such as store/latest")
  Path runDirectory;

  @Override
  public Integer call() {
    if (!Files.isDirectory(runDirectory)) throw new UserError(ExitCode.USAGE, runDirectory + ": no such run folder");
    try {
      Reports.Rendered rendered = Reports.renderRunFolder(runDirectory);
      System.out.printf("report: %s (and junit.xml, summary.md, plots; rendered in %d ms)%n", Terminal.oneLine(rendered.html().toString()), rendered.millis());
      return ExitCode.VALID;
    } catch (MalformedHistoryException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    } catch (IOException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }
}
