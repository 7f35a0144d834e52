package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.CheckCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Histories a careless or hostile user may hand to {@code faultline check}: never a false
 * "valid", never a stack trace, never raw control characters on the terminal.
 */
class HostileInputTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static Run check(Object... args) {
    String[] all = new String[args.length + 1];
    all[0] = "check";
    for (int i = 0; i < args.length; i++) all[i + 1] = args[i].toString();
    return CheckCommandTest.run(all);
  }

  // --- 1. Named processes are clients; only "nemesis" is the nemesis. ---

  @Test
  void stringProcessIdsAreClientsInJsonl() throws Exception {
    Run r = check(write("s.jsonl", """
        {"process":"c1","type":"invoke","f":"write","value":1}
        {"process":"c1","type":"ok","f":"write","value":1}
        {"process":"1","type":"invoke","f":"read","value":null}
        {"process":"1","type":"ok","f":"read","value":4}
        """));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("NOT linearizable").contains("2 ops").contains("process 1's read 4");
  }

  @Test
  void keywordProcessIdsAreClientsInEdnAndJepsenLogs() throws Exception {
    Run edn = check(write("s.edn", """
        [{:process :c1, :type :invoke, :f :write, :value 1}
         {:process :c1, :type :ok, :f :write, :value 1}
         {:process :c2, :type :invoke, :f :read, :value nil}
         {:process :c2, :type :ok, :f :read, :value 4}]
        """));
    assertThat(edn.code()).isEqualTo(1);
    assertThat(edn.out()).contains("NOT linearizable").contains("process c2's read 4");
    Run log = check(write("s.log", """
        INFO  jepsen.util - :c1\t:invoke\t:write\t1
        INFO  jepsen.util - :c1\t:ok\t:write\t1
        INFO  jepsen.util - :c2\t:invoke\t:read\tnil
        INFO  jepsen.util - :c2\t:ok\t:read\t4
        """));
    assertThat(log.code()).isEqualTo(1);
    assertThat(log.out()).contains("NOT linearizable");
  }

  @Test
  void aHistoryWithNoClientOperationIsUnknownNeverValidButOneWhoseOpsAllFailedIsValid() throws Exception {
    Run nemesisOnly = check(write("n.jsonl", """
        {"process":"nemesis","type":"info","f":"start","value":null}
        {"process":"nemesis","type":"info","f":"stop","value":null}
        """));
    assertThat(nemesisOnly.code()).isEqualTo(2);
    assertThat(nemesisOnly.out()).contains("UNKNOWN").contains("no client operation to check").doesNotContain("valid ");
    Run failedOnly = check("--json", write("f.edn", """
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :fail, :f :write, :value 1}
        """));
    // Every client operation failed, so nothing took effect: valid, as Knossos says, with why.
    assertThat(failedOnly.code()).isEqualTo(0);
    assertThat(failedOnly.out()).contains("\"valid\" : true").contains("nothing took effect: all 1 client operations failed");
  }

  // --- 2. Counter arithmetic is exact. ---

  @Test
  void counterSumsDoNotWrap() throws Exception {
    Run r = check(write("o.jsonl", """
        {"process":0,"type":"invoke","f":"add","value":9223372036854775807}
        {"process":0,"type":"ok","f":"add","value":9223372036854775807}
        {"process":0,"type":"invoke","f":"add","value":9223372036854775807}
        {"process":0,"type":"ok","f":"add","value":9223372036854775807}
        {"process":0,"type":"invoke","f":"read","value":null}
        {"process":0,"type":"ok","f":"read","value":-2}
        """));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("NOT linearizable").contains("counter 18446744073709551614");
  }

  // --- 8. Bad values and options: 64 and one line, before anything starts. ---

  @Test
  void aCounterReadOfNullIsBadInput() throws Exception {
    Path file = write("n.jsonl", """
        {"process":0,"type":"invoke","f":"add","value":1}
        {"process":0,"type":"ok","f":"add","value":1}
        {"process":0,"type":"invoke","f":"read","value":null}
        {"process":0,"type":"ok","f":"read","value":null}
        """);
    Run r = check(file);
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).isEqualTo("faultline: " + file + ":3: read returned nil; a counter read must return an integer");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"--time-limit=Infinity", "--time-limit=1e20", "--time-limit=NaN",
      "--time-limit=0", "--time-limit=-1", "--memory-limit=0", "--memory-limit=-1", "--memory-limit=9223372036854775807"})
  void limitsOutOfRangeAreBadUsage(String option) throws Exception {
    Run r = check(option, write("v.jsonl", """
        {"process":0,"type":"invoke","f":"write","value":1}
        {"process":0,"type":"ok","f":"write","value":1}
        """));
    assertThat(r.code()).as(r.err()).isEqualTo(64);
    assertThat(r.err().strip()).startsWith("faultline: " + option.substring(0, option.indexOf('=')) + " must be").doesNotContain("\n");
    assertThat(r.out()).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"--time-limit=9223372036854775807", "--time-limit=Infinity",
      "--time-limit=NaN", "--nemesis-interval=1e300", "--check-time-limit=Infinity", "--recovery-wait=NaN", "--rate=Infinity"})
  void runLimitsOutOfRangeAreRefusedBeforeAnythingStarts(String option) throws Exception {
    Path store = dir.resolve("store");
    long started = System.nanoTime();
    Run r = CheckCommandTest.run("run", option, "--store", store.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(64);
    assertThat(r.err().strip()).startsWith("faultline: " + option.substring(0, option.indexOf('=')) + " must be").doesNotContain("\n");
    assertThat(store).doesNotExist();
    assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(5));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"check", "run", "serve", "env", "env up", "env down", "report", "scenarios", "compare", "publish"})
  void everyCommandHasHelp(String command) {
    String[] args = (command + " --help").split(" ");
    Run r = CheckCommandTest.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Usage: faultline " + command);
    assertThat(r.err()).isEmpty();
  }

  // --- 3. Times and indices that contradict themselves: 64 and the line, never a changed verdict. ---

  @Test
  void contradictoryTimesAndIndicesAreBadInputWithTheirLine() throws Exception {
    Path early = write("early.jsonl", """
        {"index":0,"time":10,"process":0,"type":"invoke","f":"write","value":1}
        {"index":1,"time":5,"process":0,"type":"ok","f":"write","value":1}
        """);
    Run r = check(early);
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).isEqualTo("faultline: " + early + ":2: ok write of process 0 at time 5 is earlier than its own invocation at time 10 (line 1)");
    Path back = write("back.edn", """
        {:process 0, :type :invoke, :f :write, :value 1, :time 0}
        {:process 0, :type :ok, :f :write, :value 1, :time 20}
        {:process 1, :type :invoke, :f :read, :value nil, :time 25}
        {:process 1, :type :ok, :f :read, :value 0, :time 10}
        """);
    Run b = check(back);
    assertThat(b.code()).isEqualTo(64);
    assertThat(b.err().strip()).startsWith("faultline: " + back + ":4: ok read of process 1 at time 10 is earlier than its own invocation at time 25 (line 3)");
    Path indices = write("i.jsonl", """
        {"index":3,"process":0,"type":"invoke","f":"write","value":1}
        {"index":2,"process":0,"type":"ok","f":"write","value":1}
        """);
    Run i = check(indices);
    assertThat(i.code()).isEqualTo(64);
    assertThat(i.err().strip()).isEqualTo("faultline: " + indices + ":2: index 2 does not follow index 3 on line 1: indices must increase through the file");
  }

  @Test
  void eventsWithoutAnIndexAreNumberedAfterThePreviousOne() throws Exception {
    Run r = check(write("mixed.jsonl", """
        {"index":7,"process":0,"type":"invoke","f":"write","value":1}
        {"process":0,"type":"ok","f":"write","value":1}
        {"process":1,"type":"invoke","f":"read","value":null}
        {"process":1,"type":"ok","f":"read","value":2}
        """));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("process 1's read 2 (events 9-10)");
  }

  // --- 7. Control characters never reach the terminal raw. ---

  /** No control character but the line ends, no C1 control, no Unicode line separator. */
  private static void assertPrintable(String text) {
    for (char c : text.toCharArray()) {
      boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
      assertThat(control).as("raw U+%04X in:%n%s", (int) c, text).isFalse();
    }
  }

  @Test
  void controlCharactersInKeysAndValuesArePrintedEscaped() throws Exception {
    Run r = check(write("esc.jsonl", """
        {"process":0,"type":"invoke","f":"write","key":"k\\u001b[2J\\nfaultline: all good","value":"a\\u001b[31m"}
        {"process":0,"type":"ok","f":"write","key":"k\\u001b[2J\\nfaultline: all good","value":"a\\u001b[31m"}
        {"process":1,"type":"invoke","f":"read","key":"k\\u001b[2J\\nfaultline: all good","value":null}
        {"process":1,"type":"ok","f":"read","key":"k\\u001b[2J\\nfaultline: all good","value":"b\\u009b2J\\r\\u2028x"}
        """));
    assertThat(r.code()).isEqualTo(1);
    assertPrintable(r.out());
    assertPrintable(r.err());
    assertThat(r.out()).contains("key \"k\\u001b[2J\\nfaultline: all good\":")
        .contains("can't read \"b\\u009b2J\\r\\u2028x\" from register \"a\\u001b[31m\"");
    assertThat(r.out().lines()).noneMatch(line -> line.startsWith("faultline:"));
  }

  @Test
  void controlCharactersInProcessNamesAndFunctionsArePrintedEscaped() throws Exception {
    Run named = check(write("p.jsonl", """
        {"process":"c\\u001b]0;owned\\u0007","type":"invoke","f":"write","value":1}
        {"process":"c\\u001b]0;owned\\u0007","type":"ok","f":"write","value":1}
        {"process":"d\\nfaultline: ok","type":"invoke","f":"read","value":null}
        {"process":"d\\nfaultline: ok","type":"ok","f":"read","value":2}
        """));
    assertThat(named.code()).isEqualTo(1);
    assertPrintable(named.out());
    assertThat(named.out()).contains("process d\\nfaultline: ok's read 2").contains("process c\\u001b]0;owned\\u0007's write 1");
    Path badF = write("f.jsonl", """
        {"process":0,"type":"invoke","f":"wr\\u001b[31mite\\nfaultline: fine","value":1}
        """);
    Run f = check("--model", "register", badF);
    assertThat(f.code()).isEqualTo(64);
    assertPrintable(f.err());
    assertThat(f.err().strip()).isEqualTo("faultline: " + badF + ":1: the register model has no function wr\\u001b[31mite\\nfaultline: fine (it knows read, write)");
  }

  @Test
  void controlCharactersInErrorsAndBadInputLinesArePrintedEscaped() throws Exception {
    Path badType = write("t.jsonl", """
        {"process":0,"type":"\\u001b[31mok\\nfaultline: fine","f":"read","value":1}
        """);
    Run t = check(badType);
    assertThat(t.code()).isEqualTo(64);
    assertPrintable(t.err());
    assertThat(t.err().lines()).hasSize(1);
    Path log = write("l.log", "INFO  jepsen.util - 0\t:invoke\t:read\tnil\t\u001b[31mboom\nINFO  jepsen.util - 0\t:ok\t:read\t[1 \u001b[2J\n");
    Run l = check(log);
    assertThat(l.code()).isEqualTo(64);
    assertPrintable(l.err());
    assertThat(l.err().lines()).hasSize(1);
    Run option = CheckCommandTest.run("check", "--\u001b[31mbad\noption", badType.toString());
    assertThat(option.code()).isEqualTo(64);
    assertPrintable(option.err());
    assertThat(option.err().lines()).hasSize(1);
  }

  @Test
  void jsonOutputEscapesC1ControlsAndLineSeparatorsToo() throws Exception {
    Run r = check("--json", write("j.jsonl", """
        {"process":0,"type":"invoke","f":"write","key":"k\\u009b2J\\u2028","value":1}
        {"process":0,"type":"ok","f":"write","key":"k\\u009b2J\\u2028","value":1}
        {"process":1,"type":"invoke","f":"read","key":"k\\u009b2J\\u2028","value":null}
        {"process":1,"type":"ok","f":"read","key":"k\\u009b2J\\u2028","value":3}
        """));
    assertThat(r.code()).isEqualTo(1);
    assertPrintable(r.out());
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("files").get(0).get("witness").get("key").asText())
        .isEqualTo("k\u009b2J\u2028");
  }
}
