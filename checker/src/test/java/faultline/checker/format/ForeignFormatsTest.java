package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.history.Tagged;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peers' formats (JSON arrays, history.txt, run folders, EDN tags) and the readers' defences. */
class ForeignFormatsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private HistoryFile load(String name, String text) throws Exception {
    return HistoryFiles.load(write(name, text), null);
  }

  private void assertRefused(Path file, long line, String problem) {
    assertThatThrownBy(() -> HistoryFiles.load(file, null))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageStartingWith(file + (line > 0 ? ":" + line + ":" : ":"))
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** Elle's own test histories name no :f: a value of micro-ops is a transaction; anything else still needs one. */
  @Test
  void anOpWithoutFunctionWhoseValueIsMicroOpsIsATransaction() throws Exception {
    HistoryFile edn = load("elle.edn", "[{:process 0, :type :ok, :value [[:append :x 1] [:r :x [1]]]}]");
    assertThat(edn.history().ops().getFirst().f()).isEqualTo("txn");
    HistoryFile json = load("elle.json", "[{\"process\":0,\"type\":\"ok\",\"value\":[[\"w\",\"x\",1]]}]");
    assertThat(json.history().ops().getFirst().f()).isEqualTo("txn");
    assertRefused(write("nof.edn", "[{:process 0, :type :ok, :value 3}]"), 1, "missing :f");
    assertRefused(write("nof.jsonl", "{\"process\":0,\"type\":\"ok\",\"value\":[[\"inc\",\"x\",1]]}\n"), 1, "missing \"f\"");
  }

  @Test
  void jsonArrayOnOneLineAsElleCliWritesIt() throws Exception {
    HistoryFile f = load("h.json", "[{\"type\":\"invoke\",\"f\":\"acquire\",\"process\":1,\"time\":5,\"index\":0},"
        + "{\"type\":\"ok\",\"f\":\"acquire\",\"process\":1,\"time\":9,\"index\":1},{\"type\":\"info\",\"f\":\"start\",\"process\":\"nemesis\",\"index\":2}]");
    assertThat(f.format()).isEqualTo(HistoryFormat.JSON);
    assertThat(f.history().ops()).hasSize(3);
    assertThat(f.history().ops().get(1)).isEqualTo(new Op(1, 9, Process.client(1), OpType.OK, "acquire", null, null, null));
    assertThat(f.history().ops().get(2).process()).isEqualTo(Process.NEMESIS);
  }

  @Test
  void prettyPrintedJsonArrayIsAJsonArrayWithLines() throws Exception {
    HistoryFile f = load("p.json", """
        [
          {
            "process": 0,
            "type": "invoke",
            "f": "read",
            "value": null
          },
          {
            "process": 0,
            "type": "ok",
            "f": "read",
            "value": 3
          }
        ]
        """);
    assertThat(f.format()).isEqualTo(HistoryFormat.JSON);
    assertThat(f.history().ops().get(1).value()).isEqualTo(3L);
    assertThat(f.history().ops().get(1).index()).isEqualTo(1);
    assertThat(f.history().lineOf(1)).isEqualTo(8);
  }

  @Test
  void jsonArrayErrorsNameTheLine() throws Exception {
    assertRefused(write("a.json", "[\n{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"},\n{\"process\":0,\"type\":\"done\",\"f\":\"read\"}\n]"), 3, "unknown type done");
    assertRefused(write("b.json", "[\n{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"},\n3\n]"), 3, "expected an op object");
    assertRefused(write("c.json", "[{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}] []"), 1, "after the history's closing");
    assertRefused(write("d.json", "[{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"},\n{\"process\":0,"), 2, "");
    assertRefused(write("e.json", "[]"), 0, "empty history");
  }

  @Test
  void jepsenHistoryTxt() throws Exception {
    HistoryFile f = load("history.txt", "0\t:invoke\t:cas\t[1 4]\n0\t:info\t:cas\t[1 4]\t:timed-out\n:nemesis\t:info\t:start\tnil\n1\t:ok\t:read\t3\n");
    assertThat(f.format()).isEqualTo(HistoryFormat.JEPSEN_TXT);
    assertThat(f.history().ops().get(0).value()).isEqualTo(List.of(1L, 4L));
    assertThat(f.history().ops().get(1).error()).isEqualTo(":timed-out");
    assertThat(f.history().ops().get(2).process()).isEqualTo(Process.NEMESIS);
    assertRefused(write("bad.txt", "0\t:invoke\t:read\tnil\nhello\n"), 2, "not a Jepsen history.txt line");
  }

  @Test
  void jepsenStoreFolderPrefersHistoryEdn() throws Exception {
    Path run = dir.resolve("store/register/20260101T000000.000Z");
    write("store/register/20260101T000000.000Z/history.txt", "0\t:invoke\t:read\tnil\n");
    write("store/register/20260101T000000.000Z/history.edn", "{:index 0, :time 1, :process 0, :type :invoke, :f :read, :value nil}\n"
        + "{:index 1, :time 2, :process 0, :type :ok, :f :read, :value 1}\n");
    HistoryFile f = HistoryFiles.load(run, null);
    assertThat(f.format()).isEqualTo(HistoryFormat.EDN);
    assertThat(f.history().source()).endsWith("history.edn");
    assertThat(f.history().ops()).hasSize(2);
    Files.delete(run.resolve("history.edn"));
    assertThat(HistoryFiles.load(run, null).format()).isEqualTo(HistoryFormat.JEPSEN_TXT);
    Files.delete(run.resolve("history.txt"));
    assertRefused(run, 0, "a folder without a history");
  }

  @Test
  void ednTagsAreKeptDistinct() throws Exception {
    History h = load("t.edn", """
        {:process 0, :type :invoke, :f :write, :value #foo [1 2]}
        {:process 0, :type :ok, :f :write, :value [1 2]}
        {:process 0, :type :ok, :f :write, :value #inst "2026-01-02T03:04:05.678Z"}
        {:process 0, :type :ok, :f :write, :value #uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}
        #jepsen.history.Op{:process 1, :type :invoke, :f :read, :value nil}
        """).history();
    Object tagged = h.ops().get(0).value();
    assertThat(tagged).isEqualTo(new Tagged("foo", List.of(1L, 2L))).isNotEqualTo(h.ops().get(1).value());
    assertThat(faultline.checker.history.Values.show(tagged)).isEqualTo("#foo [1 2]");
    assertThat(h.ops().get(2).value()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
    assertThat(h.ops().get(3).value()).isEqualTo(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
    assertThat(h.ops().get(4).process()).isEqualTo(Process.client(1)); // a record literal is its map
  }

  @Test
  void detectionNamesEveryFormat() throws Exception {
    assertThat(FormatDetector.detect("x", "[{\"process\":0}]")).isEqualTo(HistoryFormat.JSON);
    assertThat(FormatDetector.detect("x", "[\n  {\n    \"process\": 0\n  }\n]")).isEqualTo(HistoryFormat.JSON);
    assertThat(FormatDetector.detect("x", "{\n  \"process\": 0\n}")).isEqualTo(HistoryFormat.JSONL);
    assertThat(FormatDetector.detect("x", "[\n {:process 0}]")).isEqualTo(HistoryFormat.EDN);
    assertThat(FormatDetector.detect("x", "#jepsen.history.Op{:process 0}")).isEqualTo(HistoryFormat.EDN);
    assertThat(FormatDetector.detect("x", "3\t:invoke\t:read\tnil")).isEqualTo(HistoryFormat.JEPSEN_TXT);
    assertThat(FormatDetector.detect("x", ":nemesis\t:info\t:start\tnil")).isEqualTo(HistoryFormat.JEPSEN_TXT);
    assertThat(FormatDetector.detect("x", "INFO  jepsen.util - 0\t:invoke\t:read\tnil")).isEqualTo(HistoryFormat.JEPSEN_LOG);
  }

  @Test
  void aJsonArrayWithAnErrorIsNotCalledMalformedEdn() throws Exception {
    Path file = write("x.json", "[\n  {\"process\": 0, \"type\": \"invoke\", \"f\": \"read\", \"value\": nul}\n]");
    assertThatThrownBy(() -> HistoryFiles.load(file, null)).hasMessageNotContaining("EDN").hasMessageContaining("JSON");
  }

  @Test
  void aByteOrderMarkIsSkipped() throws Exception {
    Path file = dir.resolve("bom.jsonl");
    Files.write(file, ("\uFEFF{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n").getBytes(StandardCharsets.UTF_8));
    HistoryFile f = HistoryFiles.load(file, null);
    assertThat(f.format()).isEqualTo(HistoryFormat.JSONL);
    assertThat(f.history().ops()).hasSize(1);
  }

  @Test
  void duplicateJsonKeysAreRefused() throws Exception {
    assertRefused(write("d.jsonl", "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1,\"value\":2}\n"), 1, "duplicate key");
    assertRefused(write("d.json", "[\n{\"process\":0,\"process\":1,\"type\":\"ok\",\"f\":\"read\"}]"), 2, "duplicate key");
  }

  @Test
  void ednNested5000DeepIsRefusedInOneLine() throws Exception {
    assertRefused(write("deep.edn", "[".repeat(5000) + "]".repeat(5000)), 1, "nested more than");
    assertRefused(write("deep2.edn", "{:process 0, :type :invoke, :f :write, :value " + "[".repeat(5000) + "]".repeat(5000) + "}"), 1, "nested more than");
    assertRefused(write("tags.edn", "#a ".repeat(5000) + "{:process 0, :type :invoke, :f :read}"), 1, "tags in a row");
    assertRefused(write("deep.json", "[" + "[".repeat(5000) + "]".repeat(5000) + "]"), 1, "");
  }

  @Test
  void anEndlessStreamOfZerosStopsAtOnce() {
    Path zero = Path.of("/dev/zero");
    Assumptions.assumeTrue(Files.isReadable(zero), "no /dev/zero here");
    long start = System.nanoTime();
    assertRefused(zero, 1, "binary data (a NUL byte)");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
  }

  @Test
  void aLargeFileThatStartsAsNoHistoryIsRefusedAtItsFirstLine() throws Exception {
    assertRefused(write("yes.txt", "y\n".repeat(1 << 20)), 1, "not a history");
  }
}
