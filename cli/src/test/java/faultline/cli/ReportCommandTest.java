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

  @Test
  void checkWritesAReportAgainOverItsOwnEarlierOneAndIntoANewFolder(@TempDir Path dir) throws Exception {
    Path fresh = dir.resolve("new/reports");
    assertThat(CheckCommandTest.run("check", "--quiet", "--report", fresh.toString(), STALE_READ.toString()).code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(fresh.resolve("report.html")).isNotEmptyFile();
    CheckCommandTest.Run again = CheckCommandTest.run("check", "--quiet", "--report", fresh.toString(), STALE_READ.toString());
    assertThat(again.code()).as(again.err()).isEqualTo(ExitCode.ANOMALY);
    // Several files: a subfolder each, under a folder that is the reports' own.
    Path several = dir.resolve("several");
    Path other = Files.copy(STALE_READ, dir.resolve("other.jsonl"));
    for (int i = 0; i < 2; i++) {
      CheckCommandTest.Run r = CheckCommandTest.run("check", "--quiet", "--report", several.toString(), STALE_READ.toString(), other.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ANOMALY);
    }
    assertThat(several.resolve("other.jsonl/report.html")).isNotEmptyFile();
  }

  @Test
  void checkRefusesAReportFolderHoldingTheUsersFilesAndLeavesThemAlone(@TempDir Path dir) throws Exception {
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.writeString(mine.resolve("report.html"), "my own report");
    Files.writeString(mine.resolve("summary.md"), "my summary");
    CheckCommandTest.Run r = CheckCommandTest.run("check", "--quiet", "--report", mine.toString(), STALE_READ.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines().toList()).singleElement().asString().contains(mine.toString(), "not empty", "no earlier faultline report");
    assertThat(r.out()).isEmpty(); // refused before any checking
    assertThat(Files.readString(mine.resolve("report.html"))).isEqualTo("my own report");
    assertThat(Files.readString(mine.resolve("summary.md"))).isEqualTo("my summary");
    try (var files = Files.list(mine)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).containsExactly("report.html", "summary.md");
    }
  }

  @Test
  void checkRefusesTheRootFolderAndAFileAsTheReportFolder(@TempDir Path dir) throws Exception {
    CheckCommandTest.Run root = CheckCommandTest.run("check", "--quiet", "--report", "/", STALE_READ.toString());
    assertThat(root.code()).isEqualTo(ExitCode.USAGE);
    assertThat(root.err().lines().toList()).singleElement().asString().contains("--report /", "not empty");
    assertThat(Path.of("/report.html")).doesNotExist();

    Path file = Files.writeString(dir.resolve("notes.txt"), "notes");
    CheckCommandTest.Run onFile = CheckCommandTest.run("check", "--quiet", "--report", file.toString(), STALE_READ.toString());
    assertThat(onFile.code()).isEqualTo(ExitCode.USAGE);
    assertThat(onFile.err().lines().toList()).singleElement().asString().contains(file.toString(), "a file, not a folder");
    assertThat(Files.readString(file)).isEqualTo("notes");
  }
}
