package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a history file in a given format or, with {@code null}, the format its text shows. */
public final class HistoryFiles {
  private HistoryFiles() {}

  public static History read(Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    String source = file.toString();
    if (Files.isDirectory(file)) throw new MalformedHistoryException(source, 0, "is a directory, not a history file");
    byte[] bytes = Files.readAllBytes(file);
    refuseNul(source, bytes);
    HistoryFormat chosen = format != null ? format : FormatDetector.detect(source, head(bytes));
    // JSONL, the format of big histories, is parsed straight from bytes (which also checks UTF-8).
    if (chosen == HistoryFormat.JSONL) return new JsonlHistoryReader(source).read(bytes);
    return chosen.read(source, decode(source, bytes));
  }

  /** The first few kilobytes as text, enough to tell the format. */
  private static String head(byte[] bytes) {
    int n = Math.min(bytes.length, 1 << 16);
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static void refuseNul(String source, byte[] bytes) throws MalformedHistoryException {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) throw new MalformedHistoryException(source, lineAt(bytes, i), "binary data (a NUL byte), not a history");
    }
  }

  /**
   * UTF-8 text, or an error: a binary file (a NUL byte, or bytes that are not UTF-8) is refused
   * with the line where it stops being text, rather than parsed into nonsense.
   */
  static String decode(String source, byte[] bytes) throws MalformedHistoryException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      throw new MalformedHistoryException(source, lineAt(bytes, bad), "binary data (not UTF-8 text), not a history");
    }
  }

  private static long lineAt(byte[] bytes, int offset) {
    long line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) if (bytes[i] == '\n') line++;
    return line;
  }

  private static int firstInvalidUtf8(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    var result = decoder.decode(in, out, true);
    return result.isError() ? in.position() : 0;
  }
}
