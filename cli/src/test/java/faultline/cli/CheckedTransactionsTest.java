package faultline.cli;

import static faultline.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline check} on transactional histories: the guess, Elle's options, exit codes, bad micro-ops. */
class CheckedTransactionsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** Write skew, one transaction after the other (elle-cli's G2-item example, in faultline JSONL). */
  private static final String WRITE_SKEW = """
      {"process":0,"type":"invoke","f":"txn","value":[["append",1,1],["r",2,null]]}
      {"process":0,"type":"ok","f":"txn","value":[["append",1,1],["r",2,[]]]}
      {"process":1,"type":"invoke","f":"txn","value":[["append",2,1],["r",1,null]]}
      {"process":1,"type":"ok","f":"txn","value":[["append",2,1],["r",1,[]]]}
      """;

  @Test
  void guessesListAppendAndRulesOutSerializable() throws Exception {
    CheckCommandTest.Run r = run("check", write("skew.jsonl", WRITE_SKEW).toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("NOT strict-serializable (list-append (guessed)").contains("G2-item")
        .contains("a contradiction!").contains("not strong-snapshot-isolation, repeatable-read");
  }

  @Test
  void theReportOfATransactionalHistoryDrawsItsCycle() throws Exception {
    Path report = dir.resolve("report");
    CheckCommandTest.Run r = run("check", "--report", report.toString(), write("skew.jsonl", WRITE_SKEW).toString());
    assertThat(r.code()).isEqualTo(1);
    String html = java.nio.file.Files.readString(report.resolve("report.html"));
    assertThat(html).contains("<svg class=\"cycle-graph\"").contains("G2-item").contains("a contradiction");
  }

  @Test
  void theReportOfTheExampleWriteSkewTitlesItsFindingByTheTransactionalChecker() throws Exception {
    // The finding was named by hand from the model; now the result names its checker, as every result does.
    Path example = Path.of("..", "examples", "list-append-write-skew.jsonl");
    JsonNode file = new ObjectMapper().readTree(run("check", "--json", example.toString()).out()).get("files").get(0);
    assertThat(file.get("checker").asText()).isEqualTo("list-append");
    assertThat(file.get("ruled-out").toString()).contains("serializable");
    Path report = dir.resolve("example-report");
    assertThat(run("check", "--report", report.toString(), example.toString()).code()).isEqualTo(ExitCode.ANOMALY);
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html).contains("<h3>list-append: INVALID").doesNotContain("linearizable (list-append)");
  }

  @Test
  void theExitCodeFollowsTheModelsAsked() throws Exception {
    Path skew = write("skew.jsonl", WRITE_SKEW);
    assertThat(run("check", "--consistency-models", "snapshot-isolation", skew.toString()).code()).isEqualTo(ExitCode.VALID);
    assertThat(run("check", "--consistency-models", "snapshot-isolation,serializable", skew.toString()).code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(run("check", "--model", "list-append", "--consistency-models", "read-committed", skew.toString()).code()).isEqualTo(ExitCode.VALID);
  }

  @Test
  void emptyModelOrAnomalyListsAreRefused() throws Exception {
    // An empty list judged nothing, and an invalid history passed with exit 0.
    Path skew = write("skew.jsonl", WRITE_SKEW);
    for (String option : new String[] {"--consistency-models=", "--consistency-models=,", "--anomalies=", "--anomalies= , "}) {
      CheckCommandTest.Run r = run("check", option, skew.toString());
      assertThat(r.code()).as(option).isEqualTo(ExitCode.USAGE);
      assertThat(r.err()).as(option).contains("names nothing");
    }
  }

  @Test
  void theHeadlineNamesOnlyTheModelsRuledOut() throws Exception {
    // Write skew is snapshot-isolation but not serializable; the headline said NOT both.
    CheckCommandTest.Run r = run("check", "--consistency-models", "snapshot-isolation,serializable,read-committed",
        write("skew.jsonl", WRITE_SKEW).toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    String headline = r.out().lines().findFirst().orElseThrow();
    assertThat(headline).contains("NOT serializable (").doesNotContain("snapshot-isolation").doesNotContain("read-committed");
  }

  @Test
  void aLongForksExplanationNamesTheNodeEachReaderRanOn() throws Exception {
    // Which reader ran on which standby, as the servers said (the node field), not inferred.
    String lf = """
        {"index":0,"process":0,"type":"invoke","f":"txn","value":[["w","x",1]]}
        {"index":1,"process":0,"type":"ok","f":"txn","value":[["w","x",1]],"node":{"name":"n1","home":"/r/nodes/n1/data","run":"a"}}
        {"index":2,"process":1,"type":"invoke","f":"txn","value":[["w","y",1]]}
        {"index":3,"process":1,"type":"ok","f":"txn","value":[["w","y",1]],"node":{"name":"n1","home":"/r/nodes/n1/data","run":"a"}}
        {"index":4,"process":2,"type":"invoke","f":"txn","value":[["r","x",null],["r","y",null]]}
        {"index":5,"process":2,"type":"ok","f":"txn","value":[["r","x",1],["r","y",null]],"node":{"name":"n2","home":"/r/nodes/n2/data","run":"b"}}
        {"index":6,"process":3,"type":"invoke","f":"txn","value":[["r","x",null],["r","y",null]]}
        {"index":7,"process":3,"type":"ok","f":"txn","value":[["r","x",null],["r","y",1]],"node":{"name":"n3","home":"/r/nodes/n3/data","run":"c"}}
        """;
    CheckCommandTest.Run r = run("check", "--model", "long-fork", write("lf.jsonl", lf).toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("long-fork: served by (as each server said): T2 on n2, T3 on n3");
    // The fast reader (list-append) keeps no nodes; the explanation still names them.
    String skew = WRITE_SKEW.replace("\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",1,1],[\"r\",2,[]]]}",
        "\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",1,1],[\"r\",2,[]]],\"node\":{\"name\":\"n2\",\"home\":\"/r/nodes/n2/data\",\"run\":\"b\"}}");
    assertThat(skew).contains("n2");
    assertThat(run("check", write("skew-nodes.jsonl", skew).toString()).out()).contains(" on n2");
  }

  @Test
  void anomaliesNotLookedForMakeTheirModelsUnknown() throws Exception {
    Path skew = write("skew.jsonl", WRITE_SKEW);
    // Only --anomalies: the verdict is theirs; models forbidding anything else are unknown.
    CheckCommandTest.Run r = run("check", "--anomalies", "G0,G1", skew.toString());
    assertThat(r.code()).isEqualTo(ExitCode.VALID);
    assertThat(r.out()).contains("free of G0, G1").containsPattern("serializable +unknown +not looked for \\(--anomalies\\)");
    assertThat(run("check", "--anomalies", "G2", skew.toString()).code()).isEqualTo(ExitCode.ANOMALY);
    // With models, as Elle: what they forbid is looked for too.
    assertThat(run("check", "--anomalies", "G0", "--consistency-models", "serializable", skew.toString()).code())
        .isEqualTo(ExitCode.ANOMALY);
  }

  @Test
  void jsonCarriesElleShape() throws Exception {
    CheckCommandTest.Run r = run("check", "--json", write("skew.jsonl", WRITE_SKEW).toString());
    JsonNode file = new ObjectMapper().readTree(r.out()).get("files").get(0);
    assertThat(file.get("valid").asBoolean()).isFalse();
    assertThat(file.get("anomaly-types").toString()).contains("G2-item");
    assertThat(file.get("not").toString()).contains("repeatable-read");
    assertThat(file.get("models").get("snapshot-isolation").get("valid").asBoolean()).isTrue();
    assertThat(file.get("anomalies").get("G2-item").get(0).get("steps").get(0).get("type").asText()).isEqualTo("rw");
  }

  @Test
  void rwRegisterWithSequentialKeys() throws Exception {
    String edn = """
        [{:process 0 :type :ok :f :txn :value [[:w 1 1]]}
         {:process 0 :type :ok :f :txn :value [[:w 1 2]]}
         {:process 1 :type :ok :f :txn :value [[:r 1 2]]}
         {:process 1 :type :ok :f :txn :value [[:r 1 1]]}]
        """;
    Path file = write("r.edn", edn);
    assertThat(run("check", file.toString()).code()).isEqualTo(ExitCode.VALID);
    CheckCommandTest.Run r = run("check", "--model", "rw-register", "--sequential-keys", file.toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("cyclic-versions").contains("1 < 2 < 1");
  }

  @Test
  void bankIsGuessedAndAWrongTotalFails() throws Exception {
    String jsonl = """
        {"process":0,"type":"invoke","f":"read","value":null}
        {"process":0,"type":"ok","f":"read","value":{"0":10,"1":0}}
        {"process":1,"type":"invoke","f":"transfer","value":{"from":0,"to":1,"amount":3}}
        {"process":0,"type":"invoke","f":"read","value":null}
        {"process":0,"type":"ok","f":"read","value":{"0":7,"1":0}}
        {"process":1,"type":"ok","f":"transfer","value":{"from":0,"to":1,"amount":3}}
        """;
    CheckCommandTest.Run r = run("check", write("bank.jsonl", jsonl).toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("bank (guessed)").contains("wrong-total").contains("a total of 7, not 10");
  }

  @Test
  void completionsOnlyEdn() throws Exception {
    String edn = """
        [{:process 0 :type :ok :f :txn :value [[:append 1 1]]}
         {:process 1 :type :ok :f :txn :value [[:r 1 []]]}
         {:process 2 :type :ok :f :txn :value [[:r 1 [1]]]}]
        """;
    CheckCommandTest.Run r = run("check", write("c.edn", edn).toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.VALID);
  }

  /** The same, numbered and timed as faultline writes it, with a fault: what the fast reader takes. */
  private static final String TIMED_WRITE_SKEW = """
      {"index":0,"time":5,"process":"nemesis","type":"info","f":"start-partition","value":{"cut":["n1"]}}
      {"index":1,"time":10,"process":0,"type":"invoke","f":"txn","value":[["append",1,1],["r",2,null]]}
      {"index":2,"time":20,"process":0,"type":"ok","f":"txn","value":[["append",1,1],["r",2,[]]]}
      {"index":3,"time":30,"process":1,"type":"invoke","f":"txn","value":[["append",2,1],["r",1,null]]}
      {"index":4,"time":40,"process":1,"type":"ok","f":"txn","value":[["append",2,1],["r",1,[]]]}
      """;

  @Test
  void theFastReadersVerdictIsTheGeneralOnes() throws Exception {
    CheckCommandTest.Run fast = run("check", write("timed.jsonl", TIMED_WRITE_SKEW).toString());
    // A field faultline does not write, on a transaction's line, leaves the file to the general reader.
    String unusual = TIMED_WRITE_SKEW.replace("{\"index\":1,", "{\"index\":1,\"extra\":1,");
    CheckCommandTest.Run general = run("check", write("general.jsonl", unusual).toString());
    assertThat(fast.code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(fast.out()).contains("G2-item");
    assertThat(fast.out().replaceAll("[0-9.]+ ms", "").replace("timed.jsonl", "F"))
        .isEqualTo(general.out().replaceAll("[0-9.]+ ms", "").replace("general.jsonl", "F"));
  }

  @Test
  void aMalformedMicroOpInATimedFileIsTheSameLine() throws Exception {
    String bad = TIMED_WRITE_SKEW + "{\"index\":5,\"time\":50,\"process\":2,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1]]}\n";
    CheckCommandTest.Run r = run("check", write("timed-bad.jsonl", bad).toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).endsWith("timed-bad.jsonl:6: malformed micro-op [\"append\" 1] (expected [append k v], [r k v] or [w k v])");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void aMalformedMicroOpIsOneLineAndExit64() throws Exception {
    String bad = WRITE_SKEW + "{\"process\":2,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",1]]}\n";
    CheckCommandTest.Run r = run("check", "--model", "list-append", write("bad.jsonl", bad).toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().strip()).endsWith("bad.jsonl:5: malformed micro-op [\"append\" 1] (expected [append k v], [r k v] or [w k v])");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(run("check", "--consistency-models", "bogus", dir.resolve("bad.jsonl").toString()).code()).isEqualTo(ExitCode.USAGE);
  }

  /** {@code n} list-append transactions, one after the other, each appending to and reading its own key. */
  private Path many(String name, int n) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append("{\"process\":").append(i % 10).append(",\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"append\",").append(i)
          .append(",1],[\"r\",").append(i).append(",null]]}\n");
      b.append("{\"process\":").append(i % 10).append(",\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",").append(i)
          .append(",1],[\"r\",").append(i).append(",[1]]]}\n");
    }
    return write(name, b.toString());
  }

  @Test
  void pastTheTimeLimitEveryTransactionalCheckIsUnknown() throws Exception {
    // 200,000 transactions cannot be read and checked in a millisecond; the limit
    // counts from the file's start, reading included.
    Path big = many("big.jsonl", 200_000);
    CheckCommandTest.Run r = run("check", "--time-limit", "0.001", big.toString());
    assertThat(r.code()).isEqualTo(ExitCode.UNKNOWN);
    assertThat(r.out()).contains("UNKNOWN");
  }

  @Test
  void pastTheMemoryLimitATransactionalCheckIsUnknownNeverValid() throws Exception {
    Path big = many("mid.jsonl", 20_000);
    CheckCommandTest.Run r = run("check", "--memory-limit", "1", big.toString());
    assertThat(r.code()).isEqualTo(ExitCode.UNKNOWN);
    assertThat(r.out()).contains("more than is left of the memory budget of 1 MiB");
    assertThat(run("check", big.toString()).code()).isEqualTo(ExitCode.VALID);
  }

  @Test
  void aBankHistoryOfTransfersOnlyIsUnknown() throws Exception {
    String jsonl = """
        {"process":1,"type":"invoke","f":"transfer","value":{"from":0,"to":1,"amount":3}}
        {"process":1,"type":"ok","f":"transfer","value":{"from":0,"to":1,"amount":3}}
        """;
    CheckCommandTest.Run r = run("check", "--model", "bank", write("transfers.jsonl", jsonl).toString());
    assertThat(r.code()).isEqualTo(ExitCode.UNKNOWN);
    assertThat(r.out()).contains("no successful read among 1 client operations: nothing to check");
  }

  @Test
  void longForkTakesElleClisGroupSize() throws Exception {
    // elle-cli's jepsen/long-fork.edn (with processes): two reads of keys 0-2 that order the writes of 1 and 2 both ways.
    String edn = """
        [{:process 0, :type :invoke, :f :read, :value [[:r 0 nil] [:r 1 nil] [:r 2 nil]]},
        {:process 0, :type :ok, :f :read, :value [[:r 0 1] [:r 1 1] [:r 2 nil]]},
        {:process 1, :type :invoke, :f :read, :value [[:r 2 nil] [:r 0 nil] [:r 1 nil]]},
        {:process 1, :type :ok, :f :read, :value [[:r 2 1]   [:r 0 1]   [:r 1 nil]]}]
        """;
    Path file = write("long-fork.edn", edn);
    CheckCommandTest.Run r = run("check", "--model", "long-fork", "--group-size", "3", file.toString());
    assertThat(r.code()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("long-fork");
    assertThat(run("check", "--model", "long-fork", file.toString()).code()).isEqualTo(ExitCode.ANOMALY);
    // Groups of 2 keys: {0, 1} and {2}, by each read's first key; the reads fall into different groups.
    assertThat(run("check", "--model", "long-fork", "--group-size", "2", file.toString()).code()).isEqualTo(ExitCode.VALID);
    CheckCommandTest.Run wrong = run("check", "--model", "list-append", "--group-size", "3", file.toString());
    assertThat(wrong.code()).isEqualTo(ExitCode.USAGE);
    assertThat(wrong.err()).contains("--group-size needs --model long-fork");
  }

  @Test
  void longForkCompletionsWithoutProcessesAreCheckedAsJepsenChecksThem() throws Exception {
    // As elle-cli's jepsen/long-fork.edn is written: completed reads only, none naming a process
    // (Jepsen's long-fork checker needs none). Refused with "missing :process" before.
    String fork = """
        [{:type :ok, :f :read, :value [[:r 0 1] [:r 1 nil] [:r 2 nil]]},
        {:type :ok, :f :read, :value [[:r 0 nil] [:r 1 1] [:r 2 nil]]}]
        """;
    CheckCommandTest.Run r = run("check", "--model", "long-fork", "--group-size", "3", write("lf-noproc.edn", fork).toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ANOMALY);
    assertThat(r.out()).contains("long-fork");
    String agreeing = """
        [{:type :ok, :f :read, :value [[:r 0 1] [:r 1 nil] [:r 2 nil]]},
        {:type :ok, :f :read, :value [[:r 0 1] [:r 1 1] [:r 2 nil]]}]
        """;
    assertThat(run("check", "--model", "long-fork", "--group-size", "3", write("lf-noproc-ok.edn", agreeing).toString()).code())
        .isEqualTo(ExitCode.VALID);
    // An invocation without a process could never be completed: still one line and 64.
    CheckCommandTest.Run invoke = run("check", "--model", "long-fork", write("lf-invoke.edn", "{:type :invoke, :f :read, :value nil}\n").toString());
    assertThat(invoke.code()).isEqualTo(ExitCode.USAGE);
    assertThat(invoke.err()).contains("missing process (only a completion may omit it");
  }
}
