package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnJsonlReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional {@code node} field: written, read back by every reader, kept through export. */
class NodeFieldTest {
  @TempDir Path dir;

  private static Map<String, Object> node(String name) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("name", name);
    n.put("home", "/run/nodes/" + name + "/redis.conf");
    n.put("run", "4f3a9c");
    return n;
  }

  private static final List<Op> TXNS = List.of(
      new Op(0, 10, Process.client(0), OpType.INVOKE, "txn", null, List.of(List.of("append", 1L, 1L)), null),
      new Op(1, 20, Process.client(0), OpType.OK, "txn", null, List.of(List.of("append", 1L, 1L)), null, node("n1")),
      new Op(2, 30, Process.client(1), OpType.INVOKE, "txn", null, List.of(java.util.Arrays.asList("r", 1L, null)), null),
      new Op(3, 40, Process.client(1), OpType.OK, "txn", null, List.of(List.of("r", 1L, List.of(1L))), null, node("n2")));

  @Test
  void jsonlCarriesTheNodeAndReadsItBack() throws Exception {
    String line = JsonlHistoryWriter.line(TXNS.get(1));
    assertThat(line).endsWith(",\"node\":{\"name\":\"n1\",\"home\":\"/run/nodes/n1/redis.conf\",\"run\":\"4f3a9c\"}}");
    assertThat(JsonlHistoryWriter.line(TXNS.get(0))).doesNotContain("node");
    Path file = write("h.jsonl", TXNS.stream().map(JsonlHistoryWriter::line).toList());
    History h = HistoryFiles.read(file, null);
    assertThat(h.ops().get(1).node()).isEqualTo(node("n1"));
    assertThat(h.ops().get(0).node()).isNull();
  }

  @Test
  void theFastTransactionalReaderTakesLinesWithANode() throws Exception {
    // Before: a node field made it step aside for every run's history.
    Path file = write("h.jsonl", TXNS.stream().map(JsonlHistoryWriter::line).toList());
    TxnHistory fast = TxnJsonlReader.read(file);
    assertThat(fast).isNotNull();
    assertThat(fast.txns()).hasSize(2);
  }

  @Test
  void ednExportWritesNodeAndItsReaderKeepsIt() throws Exception {
    String edn = EdnHistoryWriter.line(TXNS.get(3));
    assertThat(edn).contains(":node {:name \"n2\", :home \"/run/nodes/n2/redis.conf\", :run \"4f3a9c\"}");
    Path file = write("h.edn", TXNS.stream().map(EdnHistoryWriter::line).toList());
    History h = HistoryFiles.read(file, HistoryFormat.EDN);
    assertThat(h.ops().get(3).node()).isEqualTo(node("n2"));
  }

  private Path write(String name, List<String> lines) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n");
    return p;
  }
}
