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

/** Issue 19, case 21: endless or blank-heavy input is judged as it streams, not after gigabytes. */
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
        .hasMessage(fifo + ":1: missing \"process\"");
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
}
