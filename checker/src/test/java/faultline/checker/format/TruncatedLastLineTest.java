package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.MalformedHistoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A last line cut mid-write (a full disk, a SIGKILL) leaves whole lines before it: they are read,
 * and a note says the last one was cut. Only the last line, only without its newline.
 */
class TruncatedLastLineTest {
  @TempDir Path dir;

  private HistoryFile load(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return HistoryFiles.load(file, null);
  }

  @Test
  void jsonlCutMidLine() throws Exception {
    HistoryFile f = load("h.jsonl", """
        {"index":0,"process":0,"type":"invoke","f":"write","value":1}
        {"index":1,"process":0,"type":"ok","f":"write","value":1}
        {"index":2,"process":1,"type":"invoke","f":"re""");
    assertThat(f.history().ops()).hasSize(2);
    assertThat(f.notes()).singleElement().asString().contains("h.jsonl:3: the last line is cut short").contains("2 events");
  }

  @Test
  void ednOneMapPerLineCut() throws Exception {
    HistoryFile f = load("h.edn", "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read");
    assertThat(f.history().ops()).hasSize(1);
    assertThat(f.notes()).singleElement().asString().contains(":2: the last line is cut short");
  }

  @Test
  void jepsenLogAndHistoryTxtCut() throws Exception {
    assertThat(load("j.log", "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:o").history().ops()).hasSize(1);
    assertThat(load("history.txt", "0\t:invoke\t:read\tnil\n0\t:o").history().ops()).hasSize(1);
  }

  @Test
  void aWholeLastLineWithoutNewlineIsNoCut() throws Exception {
    HistoryFile f = load("w.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":null}");
    assertThat(f.history().ops()).hasSize(2);
    assertThat(f.notes()).isEmpty();
  }

  @Test
  void aBadLastLineEndedByANewlineIsRefused() throws Exception {
    Path file = dir.resolve("b.jsonl");
    Files.writeString(file, "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n{\"process\":0,\"type\":\"ok\",\"f\":\"re\n");
    assertThatThrownBy(() -> HistoryFiles.load(file, null)).isInstanceOf(MalformedHistoryException.class).hasMessageStartingWith(file + ":2:");
  }

  @Test
  void aCutOnlyLineIsRefused() throws Exception {
    Path file = dir.resolve("o.jsonl");
    Files.writeString(file, "{\"process\":0,\"type\":\"inv");
    assertThatThrownBy(() -> HistoryFiles.load(file, null)).isInstanceOf(MalformedHistoryException.class).hasMessageStartingWith(file + ":1:");
  }
}
