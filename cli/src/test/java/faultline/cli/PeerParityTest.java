package faultline.cli;

import static faultline.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verdict parity with the peers, end to end: what a nil read means in each format and under each
 * --nil-reads, the line that shows the stricter reading, set-full as a model, and export.
 */
class PeerParityTest {
  @TempDir Path dir;

  /** The same history in every format: write 1 completes, then a read returns nil. */
  private Path nilReadAfterAWrite(String format) throws Exception {
    String text = switch (format) {
      case "jsonl" -> """
          {"process":0,"type":"invoke","f":"write","value":1}
          {"process":0,"type":"ok","f":"write","value":1}
          {"process":1,"type":"invoke","f":"read","value":null}
          {"process":1,"type":"ok","f":"read","value":null}
          """;
      case "json" -> """
          [{"process":0,"type":"invoke","f":"write","value":1},
           {"process":0,"type":"ok","f":"write","value":1},
           {"process":1,"type":"invoke","f":"read","value":null},
           {"process":1,"type":"ok","f":"read","value":null}]
          """;
      case "edn" -> """
          [{:process 0, :type :invoke, :f :write, :value 1}
           {:process 0, :type :ok, :f :write, :value 1}
           {:process 1, :type :invoke, :f :read, :value nil}
           {:process 1, :type :ok, :f :read, :value nil}]
          """;
      case "jepsen-txt" -> "0\t:invoke\t:write\t1\n0\t:ok\t:write\t1\n1\t:invoke\t:read\tnil\n1\t:ok\t:read\tnil\n";
      case "jepsen-log" -> """
          INFO  jepsen.util - 0\t:invoke\t:write\t1
          INFO  jepsen.util - 0\t:ok\t:write\t1
          INFO  jepsen.util - 1\t:invoke\t:read\tnil
          INFO  jepsen.util - 1\t:ok\t:read\tnil
          """;
      default -> throw new IllegalArgumentException(format);
    };
    Path p = dir.resolve("h." + format);
    Files.writeString(p, text);
    return p;
  }

  @ParameterizedTest(name = "{0} with --nil-reads {1}: exit {2}")
  @CsvSource({
    // By provenance: Knossos's reading for Jepsen EDN, elle-cli's JSON and history.txt; a value otherwise.
    "jsonl, default, 1",
    "json, default, 0",
    "edn, default, 0",
    "jepsen-txt, default, 0",
    "jepsen-log, default, 1",
    "jsonl, unknown, 0",
    "json, unknown, 0",
    "edn, unknown, 0",
    "jepsen-txt, unknown, 0",
    "jepsen-log, unknown, 0",
    "jsonl, value, 1",
    "json, value, 1",
    "edn, value, 1",
    "jepsen-txt, value, 1",
    "jepsen-log, value, 1",
  })
  void aNilReadMeansWhatItsFormatMeans(String format, String reading, int exit) throws Exception {
    Path file = nilReadAfterAWrite(format);
    var r = reading.equals("default") ? run("check", "--model", "register", file.toString())
        : run("check", "--model", "register", "--nil-reads", reading, file.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(exit);
    if (exit == 0) {
      // Valid as read, but not with nil as a value: one line says so, with that reading's witness.
      assertThat(r.out()).contains("nil reads unknown")
          .contains("note: with --nil-reads value (a nil read returned nil) it is NOT linearizable")
          .contains("can't read nil from register 1");
    } else {
      assertThat(r.out()).contains("NOT linearizable").doesNotContain("note: with --nil-reads");
    }
  }

  @Test
  void aCasRegisterStartingAtZeroWithNilReadsIsValidAsKnossosSaysIt() throws Exception {
    Path file = dir.resolve("cas.edn");
    Files.writeString(file, """
        {:process 0, :type :invoke, :f :read, :value nil}
        {:process 0, :type :ok, :f :read, :value nil}
        {:process 1, :type :invoke, :f :cas, :value [0 2]}
        {:process 1, :type :ok, :f :cas, :value [0 2]}
        {:process 0, :type :invoke, :f :read, :value nil}
        {:process 0, :type :ok, :f :read, :value 2}
        """);
    var r = run("check", "--model", "cas-register", "--initial", "0", file.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("can't read nil from register 0");
    assertThat(run("check", "--model", "cas-register", "--initial", "0", "--nil-reads", "value", file.toString()).code()).isEqualTo(1);
  }

  @Test
  void multiRegisterNilReadMicroOpsAreUnknownInEdn() throws Exception {
    Path file = dir.resolve("txn.edn");
    Files.writeString(file, """
        {:process 0, :type :invoke, :f :txn, :value [[:write :x 1]]}
        {:process 0, :type :ok, :f :txn, :value [[:write :x 1]]}
        {:process 1, :type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]]}
        {:process 1, :type :ok, :f :txn, :value [[:read :x nil] [:read :y nil]]}
        """);
    assertThat(run("check", file.toString()).code()).isEqualTo(0);
    assertThat(run("check", "--nil-reads", "value", file.toString()).code()).isEqualTo(1);
  }

  @Test
  void anUnknownNilReadsWordIsBadUsage() throws Exception {
    var r = run("check", "--nil-reads", "maybe", nilReadAfterAWrite("edn").toString());
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err()).contains("unknown --nil-reads 'maybe'; known: unknown, value");
  }

  private Path setHistory(String lastRead) throws Exception {
    Path file = dir.resolve("set-" + lastRead.hashCode() + ".edn");
    Files.writeString(file, """
        {:process 0, :type :invoke, :f :add, :value 1, :time 1000000}
        {:process 0, :type :ok, :f :add, :value 1, :time 2000000}
        {:process 0, :type :invoke, :f :add, :value 2, :time 3000000}
        {:process 0, :type :ok, :f :add, :value 2, :time 4000000}
        {:process 1, :type :invoke, :f :read, :value nil, :time 5000000}
        {:process 1, :type :ok, :f :read, :value #{1}, :time 6000000}
        {:process 1, :type :invoke, :f :read, :value nil, :time 7000000}
        {:process 1, :type :ok, :f :read, :value %s, :time 8000000}
        """.formatted(lastRead));
    return file;
  }

  @Test
  void setFullAsAModelReportsEachElementAsJepsenDoes() throws Exception {
    var stale = run("check", "--model", "set-full", setHistory("#{1 2}").toString());
    assertThat(stale.code()).as(stale.out() + stale.err()).isEqualTo(0);
    assertThat(stale.out()).contains("set-full valid").contains("2 stable (1 stale), 0 lost")
        .contains("stale: element 2 (add invoked at event 2): last missed by the read invoked at event 4 (0.005 s); first shown by the read completed at event 7 (0.008 s)");
    var lost = run("check", "--model", "set-full", setHistory("#{2}").toString());
    assertThat(lost.code()).isEqualTo(1);
    assertThat(lost.out()).contains("set-full INVALID").contains("lost: element 1 (add invoked at event 0): last missed by the read invoked at event 6 (0.007 s); first shown by the read completed at event 5 (0.006 s)");
    Path neverRead = dir.resolve("never.edn");
    Files.writeString(neverRead, "{:process 0, :type :invoke, :f :add, :value 1}\n{:process 0, :type :ok, :f :add, :value 1}\n");
    var unknown = run("check", "--model", "set-full", neverRead.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.out()).contains("set-full UNKNOWN").contains("never-read: element 1");
  }

  @Test
  void theNewModelsAreKnownToTheCommandLine() throws Exception {
    Path file = dir.resolve("m.json");
    Files.writeString(file, "[{\"process\":0,\"type\":\"invoke\",\"f\":\"acquire\"},{\"process\":0,\"type\":\"ok\",\"f\":\"acquire\"},"
        + "{\"process\":1,\"type\":\"invoke\",\"f\":\"acquire\"},{\"process\":1,\"type\":\"ok\",\"f\":\"acquire\"}]");
    var r = run("check", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("mutex (guessed)").contains("can't acquire: the lock is already held");
    assertThat(run("check", "--model", "fifo-queue", file.toString()).code()).isEqualTo(64);
  }

  @Test
  void aFileNoFormatFitsGetsOneLine() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello\n");
    var r = run("check", file.toString());
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).doesNotContain("\n").contains("notes.txt:1: not a history");
  }

  @ParameterizedTest(name = "export {0} from {1}")
  @CsvSource({"edn, jsonl", "edn, json", "edn, edn", "edn, jepsen-txt", "edn, jepsen-log", "json, jsonl", "json, edn", "json, jepsen-log"})
  void exportRoundTrips(String to, String from) throws Exception {
    Path source = nilReadAfterAWrite(from);
    var original = HistoryFiles.read(source, null);
    StringWriter out = new StringWriter();
    ExportCommand.write(original.ops(), to, out);
    Path exported = dir.resolve("exported." + to);
    Files.writeString(exported, out.toString());
    var back = HistoryFiles.load(exported, null);
    assertThat(back.format().label()).isEqualTo(to);
    assertThat(back.history().ops()).isEqualTo(original.ops());
  }

  @Test
  void exportKeepsTagsKeywordsAndTransactionsForThePeers() throws Exception {
    Path source = dir.resolve("t.edn");
    Files.writeString(source, """
        {:index 0, :time 5, :process 0, :type :invoke, :f :txn, :value [[:read :x nil] [:write :y "a \\"b\\""]]}
        {:index 1, :time 6, :process :nemesis, :type :info, :f :start, :value #{#inst "2026-01-02T03:04:05Z" #uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}}
        {:index 2, :time 7, :process 0, :type :fail, :f :txn, :value #foo [1 2], :error :conflict}
        """);
    var r = run("export", "--format", "edn", source.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("{:index 0, :time 5, :process 0, :type :invoke, :f :txn, :value [[:read :x nil] [:write :y \"a \\\"b\\\"\"]]}")
        .contains(":process :nemesis").contains("#inst \"2026-01-02T03:04:05Z\"").contains("#foo [1 2]");
    Path exported = dir.resolve("back.edn");
    Files.writeString(exported, r.out());
    assertThat(HistoryFiles.read(exported, null).ops()).isEqualTo(HistoryFiles.read(source, null).ops());
    assertThat(run("export", "--format", "xml", source.toString()).code()).isEqualTo(64);
  }
}
