package faultline.cli;

import faultline.results.publish.RunComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code faultline compare RUN_A RUN_B}: what differs between two runs' verdicts, anomaly counts and configurations. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Compares two run folders: the verdicts, anomaly counts and configuration that differ.",
      "The checkers' and models' verdicts that differ, the anomaly counts that changed, and the configuration lines",
      "(test.json, with its durability and \"ran\" entries) that differ; per-run facts (seed, start time) are listed apart.",
      "Exit codes: 0 compared (whether or not they differ), 64 either folder has no readable results.json."
    })
public final class CompareCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RUN_A", description = "a run folder, such as store/<test>/<time>")
  Path a;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "another run folder, such as store/latest")
  Path b;

  @Override
  public Integer call() {
    RunComparison comparison;
    try {
      comparison = RunComparison.of(a, b);
    } catch (IOException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
    for (String line : comparison.lines()) System.out.println(Terminal.oneLine(line));
    return ExitCode.VALID;
  }
}
