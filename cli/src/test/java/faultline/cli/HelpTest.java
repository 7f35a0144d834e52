package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.CheckCommandTest.Run;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What a newcomer reads first: the summaries, run's and check's help, and the refusal of a mistyped name. */
class HelpTest {
  @TempDir Path dir;

  @Test
  void everySummaryOfTheTopLevelHelpIsAWholeSentence() {
    assertWholeSentences(new CommandLine(new Faultline()));
    Run top = CheckCommandTest.run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("Compares two run folders: the verdicts, anomaly counts and\n               configuration that differ.");
  }

  /** Each subcommand's summary, and its own subcommands' (env up, env down). */
  private static void assertWholeSentences(CommandLine cli) {
    cli.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) return; // picocli's own
      String summary = sub.getCommandSpec().usageMessage().description()[0];
      assertThat(summary).as(name).endsWith(".");
      assertThat(summary.length()).as(name).isLessThan(2 * 76); // two lines of the command list at most
      assertWholeSentences(sub);
    });
  }

  @Test
  void runHelpGroupsItsOptionsAndShowsExamples() {
    Run r = CheckCommandTest.run("run", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsSubsequence("What to run:\n", "--scenario", "Where: the servers and their settings:\n", "--topology",
        "The load:\n", "--time-limit", "Faults:\n", "--nemesis", "Checking and output:\n", "--store", "Examples:\n",
        "  faultline run\n", "  faultline run --scenario ", "  faultline run --topology ");
  }

  /** The examples are commands that work: each makes a plan (without starting anything). */
  @Test
  void runHelpExamplesMakePlans() {
    List<String> examples = Arrays.stream(new CommandLine(new RunCommand()).getCommandSpec().usageMessage().footer())
        .filter(l -> l.startsWith("  faultline run")).map(l -> l.substring("  faultline run".length()).strip()).toList();
    assertThat(examples).hasSize(3);
    for (String example : examples) {
      RunCommand run = new RunCommand();
      new CommandLine(run).parseArgs(example.isEmpty() ? new String[0] : example.split(" "));
      assertThat(run.plan().name()).as(example).isNotBlank();
    }
  }

  @Test
  void checkHelpSaysWhatItChecks() {
    Run r = CheckCommandTest.run("check", "--help");
    assertThat(r.code()).isZero();
    String text = r.out().replaceAll("\\s+", " ");
    assertThat(text).contains("Checks histories for linearizability, the weaker models and transactional anomalies.")
        .contains("sequential, the session guarantees").contains("convergence")
        .contains("Elle's analyses").contains("G-single").contains("consistency models").contains("bank").contains("long-fork");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--scenario redis-register-cass | unknown scenario 'redis-register-cass'; did you mean redis-register-cas?",
      "--scenario nothing-like-it     | unknown scenario 'nothing-like-it'; 'faultline scenarios' lists them",
      "--workload regster             | unknown workload 'regster'; did you mean register?",
      "--client pg-updte              | unknown client 'pg-updte'; did you mean pg-update?",
      "--topology redis-singel        | unknown topology 'redis-singel'; did you mean redis-single?",
      "--nemesis partiton             | unknown fault 'partiton'; did you mean partition?",
      "--nemesis latncy:clients       | unknown fault 'latncy:clients'; did you mean latency:clients?",
      "--nemesis partition-hlaves     | unknown partition 'hlaves'; did you mean halves?",
      "--model cas-regsiter           | unknown model 'cas-regsiter'; did you mean cas-register?",
      "--model lock                   | model lock is judged by its checkers (mutex, resource), not by the linearizability search; the search's models: register, cas-register, kv, multi-register, set, counter, mutex, fifo-queue, unordered-queue, set-full",
      "--isolation serialisable --db postgres | unknown isolation 'serialisable'; did you mean serializable?",
  })
  void aMistypedNameOnRunGetsTheNearestOne(String options, String message) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--store", dir.resolve("store").toString()));
    args.addAll(List.of(options.split(" ")));
    Run r = CheckCommandTest.run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).isEqualTo("faultline: " + message);
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aMistypedNameOnCheckGetsTheNearestOne() {
    Run model = CheckCommandTest.run("check", "--model", "list-apend", dir.resolve("h.jsonl").toString());
    assertThat(model.code()).isEqualTo(64);
    assertThat(model.err().strip()).isEqualTo("faultline: unknown model 'list-apend'; did you mean list-append?");
    Run consistency = CheckCommandTest.run("check", "--consistency-models", "serialisable", dir.resolve("h.jsonl").toString());
    assertThat(consistency.code()).isEqualTo(64);
    assertThat(consistency.err().strip()).isEqualTo("faultline: unknown consistency model 'serialisable'; did you mean serializable?");
    Run format = CheckCommandTest.run("check", "--format", "jsnol", dir.resolve("h.jsonl").toString());
    assertThat(format.code()).isEqualTo(64);
    assertThat(format.err().strip()).isEqualTo("faultline: unknown format 'jsnol'; did you mean jsonl?");
  }

  /** A name from the command line is printed escaped: it cannot move the cursor or fake a line. */
  @Test
  void aHostileNameIsPrintedEscaped() {
    Run r = CheckCommandTest.run("run", "--store", dir.resolve("store").toString(), "--scenario", "x\u001b[2J\ny");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).doesNotContain("\u001b").hasLineCount(1).contains("unknown scenario 'x\\u001b[2J\\ny'");
  }
}
