package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** faultline check --report and faultline report, through the command line as a user types them. */
class ReportCommandTest {
  static final Path STALE_READ = Path.of("..", "examples", "register-stale-read.jsonl");

  @Test
  void checkWritesTheReportsOfAHistoryFromElsewhere(@TempDir Path dir) throws Exception {
    assertThat(Faultline.execute("check", "--quiet", "--report", dir.toString(), STALE_READ.toString())).isEqualTo(ExitCode.ANOMALY);
    assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<failure type=\"anomaly\"", "can't read 1 from register 2");
    assertThat(Files.readString(dir.resolve("report.html"))).contains("class=\"badge INVALID\"");
    assertThat(Files.readString(dir.resolve("summary.md"))).startsWith("# register-stale-read.jsonl: INVALID");
  }

  @Test
  void reportRendersARunFolderAgain(@TempDir Path run) throws Exception {
    Files.copy(STALE_READ, run.resolve("history.jsonl"));
    // A run folder's results.json as faultline run writes it: the checkers' entries.
    Files.writeString(run.resolve("results.json"), """
        {"valid": false, "test": "stale", "checkers": [{"checker": "linearizable", "valid": false, "model": "register",
         "witness": {"op": {"process": 1, "f": "read", "value": 1, "invoke-index": 8, "complete-index": 10},
                     "explanation": "process 1's read 1 (events 8-10) completed, but no order explains it"}}]}
        """);
    assertThat(Faultline.execute("report", run.toString())).isEqualTo(ExitCode.VALID);
    assertThat(Files.readString(run.resolve("junit.xml"))).contains("process 1's read 1 (events 8-10) completed");
    assertThat(Faultline.execute("report", run.resolve("missing").toString())).isEqualTo(ExitCode.USAGE);
  }
}
