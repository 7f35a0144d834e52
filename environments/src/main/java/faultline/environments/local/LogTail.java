package faultline.environments.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The last lines of a log, for error messages: why a node did not come up is usually there. */
final class LogTail {
  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  static String of(Path log, int lines) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long start = Math.max(0, file.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (file.length() - start)];
      file.seek(start);
      file.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
      int from = Math.max(0, all.length - lines);
      return String.join("\n", Arrays.copyOfRange(all, from, all.length));
    } catch (IOException e) {
      return "(no log at " + log + ": " + e.getMessage() + ")";
    }
  }
}
