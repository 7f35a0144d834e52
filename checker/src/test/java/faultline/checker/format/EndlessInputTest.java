package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endless or blank-heavy input is judged as it streams, not after gigabytes. */
class EndlessInputTest {
  @TempDir Path dir;

  @Test
  void anEndlessStreamOfNonEventsStopsAtItsFirstLine() throws Exception {
    Path fifo = dir.resolve("endless");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
    // `yes '{}'`: a writer that never stops by itself; it ends when the reader closes the pipe.
    Thread writer = new Thread(() -> {
      byte[] lines = "{}\n".repeat(4096).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = Files.newOutputStream(fifo)) {
        while (true) out.write(lines);
      } catch (IOException closed) {
        // the reader stopped: what is tested
      }
    });
    writer.setDaemon(true);
    writer.start();
    assertThatThrownBy(() -> HistoryFiles.load(fifo, null)).isInstanceOf(MalformedHistoryException.class)
        .hasMessage(fifo + ":1: missing \"type\"");
    writer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(writer.isAlive()).as("the writer saw the pipe closed").isFalse();
  }

  @Test
  void blankLinesBeforeTheFirstEventKeepTheirLineNumbers() throws Exception {
    // 300,000 blank lines (more than a chunk of 64 KiB), then a line that is no event.
    Path file = dir.resolve("blank.jsonl");
    Files.writeString(file, "\n".repeat(300_000) + "{\"process\":0}\n" + "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n");
    assertThatThrownBy(() -> HistoryFiles.load(file, null)).isInstanceOf(MalformedHistoryException.class)
        .hasMessage(file + ":300001: missing \"type\"");
    Path good = dir.resolve("good.jsonl");
    Files.writeString(good, "\n \t\n".repeat(100_000) + "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n");
    assertThat(HistoryFiles.load(good, null).history().lineOf(0)).isEqualTo(200_001);
    Path blank = dir.resolve("only-blank.txt");
    Files.writeString(blank, "\n".repeat(1_000_000));
    assertThatThrownBy(() -> HistoryFiles.load(blank, null)).hasMessage(blank + ": empty history (no events)");
  }

  /**
   * JSONL from a stream is held in pieces cut at line ends once past one piece (1 GiB; here 4 KiB),
   * so no file or stream is limited to one Java array's 2 GiB; read so, it is the same history,
   * and a last line cut short is still set aside.
   */
  @Test
  void jsonlLargerThanAPieceIsReadInPieces() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      text.append("{\"index\":").append(i).append(",\"process\":").append(i % 7).append(",\"type\":\"").append(i % 14 < 7 ? "invoke" : "ok")
          .append("\",\"f\":\"write\",\"value\":").append(i).append("}\n");
    }
    Path file = dir.resolve("whole.jsonl");
    Files.writeString(file, text);
    int before = HistoryFiles.pieceBytes;
    HistoryFiles.pieceBytes = 4096;
    try {
      assertThat(HistoryFiles.load(streamed(text + "{\"index\":3000,\"proc"), null).history().ops())
          .isEqualTo(HistoryFiles.load(file, null).history().ops());
      assertThat(HistoryFiles.load(streamed(text + "{\"index\":3000,\"proc"), null).notes()).singleElement().asString()
          .contains(":3001: the last line is cut short");
      assertThatThrownBy(() -> HistoryFiles.load(streamed(text + "{\"index\":3000}\n" + text), null))
          .hasMessageEndingWith(":3001: missing \"type\"");
    } finally {
      HistoryFiles.pieceBytes = before;
    }
  }

  /** {@code text} through a named pipe, as from {@code /dev/stdin}: no size known beforehand. */
  private Path streamed(String text) throws Exception {
    Path fifo = Files.createTempFile(dir, "pipe", "");
    Files.delete(fifo);
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)).isTrue();
    Thread writer = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException closed) {
        // the reader stopped early
      }
    });
    writer.setDaemon(true);
    writer.start();
    return fifo;
  }
}
