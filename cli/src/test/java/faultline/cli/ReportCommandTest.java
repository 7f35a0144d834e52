package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
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

  @Test
  void theReportPathIsPrintedWithItsControlCharactersEscaped(@TempDir Path dir) throws Exception {
    Path odd = dir.resolve("a\u001b]0;pwned\u0007\nfaultline: valid");
    CheckCommandTest.Run r = CheckCommandTest.run("check", "--report", odd.toString(), STALE_READ.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ANOMALY);
    assertThat(odd.resolve("report.html")).isNotEmptyFile();
    assertThat(r.err()).contains("faultline: report ").doesNotContain("\u001b", "\u0007", "\nfaultline: valid");
  }

  /** As root, a report folder of user nobody's, with links planted where reports go, is refused. */
  @Test
  void checkRefusesAReportFolderOfAnotherUser(@TempDir Path dir) throws Exception {
    Path victim = victim(dir);
    Path chosen = dir.resolve(CHOSEN);
    Path theirs = dir.resolve("theirs");
    Files.createDirectory(theirs);
    Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    asNobody("touch", theirs.resolve(".faultline-report").toString());
    plantLinks(theirs, victim);

    CheckCommandTest.Run r = CheckCommandTest.run("check", "--quiet", "--report", theirs.toString(), STALE_READ.toString());

    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines().toList()).singleElement().asString().contains(theirs.toString(), "owned by uid 65534");
    assertThat(Files.readString(victim)).isEqualTo("root's own");
    assertThat(chosen).doesNotExist();

    // A new folder inside theirs: they could swap it for a link once made.
    Path inside = theirs.resolve("new");
    CheckCommandTest.Run below = CheckCommandTest.run("check", "--quiet", "--report", inside.toString(), STALE_READ.toString());
    assertThat(below.code()).isEqualTo(ExitCode.USAGE);
    assertThat(below.err().lines().toList()).singleElement().asString().contains(theirs + " is owned by uid 65534");
    assertThat(inside).doesNotExist();
  }

  /** In a folder of the user's that others may write, links planted there are replaced, never followed. */
  @Test
  void checkWritesNoReportThroughALink(@TempDir Path dir) throws Exception {
    Path victim = victim(dir);
    Path chosen = dir.resolve(CHOSEN);
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.writeString(open.resolve(".faultline-report"), "");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    plantLinks(open, victim);

    CheckCommandTest.Run r = CheckCommandTest.run("check", "--quiet", "--report", open.toString(), STALE_READ.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ANOMALY);
    assertThat(Files.readString(victim)).isEqualTo("root's own");
    assertThat(chosen).doesNotExist();
    assertThat(open.resolve("summary.md")).isRegularFile();
    assertThat(Files.isSymbolicLink(open.resolve("junit.xml"))).isFalse();
    assertThat(Files.readString(open.resolve("summary.md"))).startsWith("# register-stale-read.jsonl: INVALID");
  }

  private static final String CHOSEN = "chosen-by-nobody";

  /** As nobody: summary.md a link to root's {@code victim}, junit.xml one to a place beside it of nobody's choosing. */
  private static void plantLinks(Path folder, Path victim) throws Exception {
    asNobody("ln", "-s", victim.toString(), folder.resolve("summary.md").toString());
    asNobody("ln", "-s", victim.resolveSibling(CHOSEN).toString(), folder.resolve("junit.xml").toString());
  }

  /** As root: a file of root's in {@code dir}, which nobody may then enter. */
  private static Path victim(Path dir) throws Exception {
    assumeRootWithSetpriv();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path victim = Files.writeString(dir.resolve("victim"), "root's own");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
    return victim;
  }

  private static void assumeRootWithSetpriv() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root, to act as user nobody");
    Assumptions.assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0, "needs setpriv");
  }

  private static void asNobody(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    full.addAll(List.of(command));
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s: %s", full, output).isZero();
  }
}
