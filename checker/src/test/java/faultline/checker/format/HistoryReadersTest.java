package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReadersTest {
  @TempDir Path dir;

  private History read(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return HistoryFiles.read(file, null);
  }

  @Test
  void jsonlAsDesignShowsIt() throws Exception {
    History h = read("h.jsonl", """
        {"index":41,"time":1843000123,"process":3,"type":"invoke","f":"cas","key":"r7","value":[1,4]}
        {"index":42,"time":1843900456,"process":3,"type":"info","f":"cas","key":"r7","value":[1,4],"error":"timeout after 1000 ms"}
        {"index":43,"time":1844000000,"process":"nemesis","type":"info","f":"partition","value":{"isolated":["n1"]}}
        """);
    assertThat(h.ops()).hasSize(3);
    Op first = h.ops().get(0);
    assertThat(first.index()).isEqualTo(41);
    assertThat(first.time()).isEqualTo(1843000123L);
    assertThat(first.process()).isEqualTo(Process.client(3));
    assertThat(first.key()).isEqualTo("r7");
    assertThat(first.value()).isEqualTo(List.of(1L, 4L));
    assertThat(h.ops().get(1).error()).isEqualTo("timeout after 1000 ms");
    assertThat(h.ops().get(2).process()).isEqualTo(Process.NEMESIS);
    assertThat(h.ops().get(2).value()).isEqualTo(Map.of("isolated", List.of("n1")));
    assertThat(h.timed()).isTrue();
  }

  @Test
  void ednVectorWithCommentsKeywordsAndNemesis() throws Exception {
    History h = read("h.edn", """
        ; a Knossos-style history
        [{:process 0, :type :invoke, :f :write, :value 3}
         {:process :nemesis, :type :info, :f :start, :value nil}
         {:process 0, :type :ok, :f :write, :value 3, :time 12, :index 7} ; trailing comment
         {:process 1, :type :invoke, :f :txn, :value [[:read :x nil] [:write :y 2]]}
         {:process 1, :type :fail, :f :txn, :value [[:read :x 1] [:write :y 2]], :error :conflict}]
        """);
    assertThat(h.ops()).hasSize(5);
    assertThat(h.ops().get(1).process()).isEqualTo(Process.NEMESIS);
    assertThat(h.ops().get(2).time()).isEqualTo(12);
    assertThat(h.ops().get(2).index()).isEqualTo(7);
    // Micro-op functions read as names; keys stay keywords, never equal to strings.
    var x = new faultline.checker.history.Keyword("x");
    var y = new faultline.checker.history.Keyword("y");
    assertThat(h.ops().get(3).value()).isEqualTo(List.of(java.util.Arrays.asList("read", x, null), List.of("write", y, 2L)));
    assertThat(h.ops().get(4).error()).isEqualTo("conflict");
    assertThat(h.lineOf(2)).isEqualTo(4);
  }

  @Test
  void ednListAndOneMapPerLine() throws Exception {
    History list = read("l.edn", "({:process 0 :type :invoke :f :read :value nil}\n {:process 0 :type :ok :f :read :value #{1 2}})");
    assertThat(list.ops().get(1).value()).isEqualTo(Set.of(1L, 2L));
    History lines = read("m.edn", "{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}\n\n{:process 0, :type :ok, :f :get, :key \"k\", :value \"x\"}\n");
    assertThat(lines.ops()).hasSize(2);
    assertThat(lines.lineOf(1)).isEqualTo(3);
    assertThat(lines.ops().get(1).key()).isEqualTo("k");
  }

  @Test
  void jepsenRecordLiteralsReadAsMaps() throws Exception {
    History h = read("r.edn", "[#jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}]");
    assertThat(h.ops().get(0).time()).isEqualTo(5);
  }

  @Test
  void jepsenLogWithTabsOrSpaces() throws Exception {
    History h = read("etcd.log", """
        INFO  jepsen.core - Running test
        INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]
        INFO  jepsen.util - 3\t:info\t:cas\t[1 4]\t:timed-out
        INFO  jepsen.util - 1   :invoke :read   nil
        INFO  jepsen.util - :nemesis\t:info\t:start\tnil
        """);
    assertThat(h.ops()).hasSize(4);
    assertThat(h.ops().get(0).value()).isEqualTo(List.of(1L, 4L));
    assertThat(h.ops().get(1).error()).isEqualTo(":timed-out");
    assertThat(h.ops().get(2).f()).isEqualTo("read");
    assertThat(h.ops().get(3).process()).isEqualTo(Process.NEMESIS);
    assertThat(h.lineOf(0)).isEqualTo(2);
  }

  @Test
  void detectsEachFormat() throws Exception {
    assertThat(FormatDetector.detect("x", "\n{\"process\":0}")).isEqualTo(HistoryFormat.JSONL);
    assertThat(FormatDetector.detect("x", ";c\n{:process 0}")).isEqualTo(HistoryFormat.EDN);
    assertThat(FormatDetector.detect("x", "[{:process 0}]")).isEqualTo(HistoryFormat.EDN);
    assertThat(FormatDetector.detect("x", "INFO  jepsen.util - 0\t:invoke\t:read\tnil")).isEqualTo(HistoryFormat.JEPSEN_LOG);
  }

  @Test
  void writerRoundTrips() throws Exception {
    List<Op> ops = List.of(
        new Op(0, 100, Process.client(2), OpType.INVOKE, "cas", "r1", List.of(1L, 2L), null),
        new Op(1, 250, Process.client(2), OpType.INFO, "cas", "r1", List.of(1L, 2L), "timeout after 1000 ms"),
        new Op(2, 300, Process.NEMESIS, OpType.INFO, "partition", null, Map.of("isolated", List.of("n1")), null),
        new Op(3, 400, Process.client(3), OpType.OK, "read", 7L, null, null));
    StringWriter out = new StringWriter();
    try (JsonlHistoryWriter w = new JsonlHistoryWriter(out)) {
      for (Op op : ops) w.write(op);
    }
    History back = HistoryFormat.JSONL.read("mem", out.toString());
    assertThat(back.ops()).isEqualTo(ops);
  }

  // --- Bad input: one line naming the file and line; the file is left as it was. ---

  private void assertRefused(String name, byte[] content, long line, String problem) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    assertThatThrownBy(() -> HistoryFiles.read(file, null))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessageStartingWith(file + (line > 0 ? ":" + line + ":" : ":"))
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
  }

  @Test
  void truncatedJsonLine() throws Exception {
    // Cut mid-file (a line follows): refused. A cut last line is read up to it (TruncatedLastLineTest).
    assertRefused("t.jsonl", """
        {"index":0,"process":0,"type":"invoke","f":"read","value":null}
        {"index":1,"process":0,"type":"ok","f":"re
        {"index":2,"process":1,"type":"invoke","f":"read","value":null}
        """.getBytes(StandardCharsets.UTF_8), 2, "truncated");
  }

  @Test
  void truncatedEdn() throws Exception {
    // A vector cut short has no whole part to keep: refused.
    assertRefused("t.edn", "[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok, :f"
        .getBytes(StandardCharsets.UTF_8), 1, "never closed");
  }

  @Test
  void unknownType() throws Exception {
    assertRefused("u.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"process\":0,\"type\":\"done\",\"f\":\"read\"}\n"
        .getBytes(StandardCharsets.UTF_8), 2, "unknown type done");
    assertRefused("u.edn", "{:process 0, :type :begin, :f :read}".getBytes(StandardCharsets.UTF_8), 1, "unknown type begin");
  }

  @Test
  void binaryFile() throws Exception {
    assertRefused("b.bin", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0}, 1, "binary");
    assertRefused("c.bin", new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '\n'}, 1, "binary");
  }

  @Test
  void emptyFile() throws Exception {
    assertRefused("e.jsonl", new byte[0], 0, "empty history");
    assertRefused("blank.jsonl", "\n\n  \n".getBytes(StandardCharsets.UTF_8), 0, "empty history");
  }

  @Test
  void notAHistory() throws Exception {
    assertRefused("n.txt", "hello world\n".getBytes(StandardCharsets.UTF_8), 1, "not a history");
  }
}
