package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.RealTime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a history file in a given format or, with {@code null}, the format its text shows; or a
 * run folder: Jepsen's store layout (a folder holding {@code history.edn}, else {@code
 * history.txt}) or faultline's ({@code history.jsonl}).
 *
 * <p>The file is read as a stream and judged as it comes: a NUL byte, text that is not UTF-8, or
 * a beginning no history format has stops the read at once (so {@code /dev/zero} or any endless
 * non-history stream gets one line, not a full heap). A UTF-8 byte-order mark is skipped. A last
 * line cut short mid-write (a full disk, a SIGKILL) is set aside with a note, and the whole lines
 * before it are read.
 */
public final class HistoryFiles {
  /** How much of the file tells its format. */
  private static final int HEAD_BYTES = 1 << 16;
  /** Past this much blank text with no event, a stream is not a history. */
  private static final int MAX_LEADING_BLANK_BYTES = 16 << 20;
  /** The history files a run folder may hold, in the order they are preferred. */
  private static final List<String> RUN_FOLDER_FILES = List.of("history.edn", "history.txt", "history.jsonl");

  private HistoryFiles() {}

  /** The index of an event read by {@link #jsonlEvent} whose line does not number it. */
  public static final long UNNUMBERED = JsonlHistoryReader.NO_INDEX;

  /**
   * One line of faultline JSONL, {@code bytes[from, to)}, read as the JSONL reader reads every
   * line; null when it is not one JSON object. For readers that take most lines themselves.
   */
  public static Op jsonlEvent(String source, byte[] bytes, int from, int to) throws MalformedHistoryException {
    return new JsonlHistoryReader(source).readOne(bytes, from, to);
  }

  public static History read(Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    return load(file, format).history();
  }

  public static HistoryFile load(Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    if (Files.isDirectory(file)) return load(inRunFolder(file), format);
    String source = file.toString();
    Read read = readJudged(source, file, format);
    List<byte[]> pieces = read.pieces;
    HistoryFormat chosen = read.format;
    try {
      return withTimeWarning(new HistoryFile(parse(source, chosen, pieces), chosen, List.of()));
    } catch (MalformedHistoryException e) {
      // A last line without its newline, and the problem on that line: a write cut short.
      byte[] last = pieces.getLast();
      int lastNewline = lastIndexOf(last, (byte) '\n');
      boolean lineFormat = chosen != HistoryFormat.JSON && !(chosen == HistoryFormat.EDN && startsWithBracket(pieces.get(0)));
      long lastLine = read.newlines + 1; // the line of the last byte, when it is no newline
      if (!lineFormat || last.length == 0 || last[last.length - 1] == '\n' || (lastNewline < 0 && pieces.size() == 1) || e.line() != lastLine) throw e;
      List<byte[]> whole = new ArrayList<>(pieces.subList(0, pieces.size() - 1));
      if (lastNewline >= 0) whole.add(Arrays.copyOf(last, lastNewline + 1));
      History history = parse(source, chosen, whole);
      String note = source + ":" + lastLine + ": the last line is cut short (a write interrupted by a full disk or a kill?); "
          + "checked the " + history.size() + " events of the whole lines before it";
      return withTimeWarning(new HistoryFile(history, chosen, List.of(note)));
    } catch (StackOverflowError e) {
      // The readers bound nesting; this is the backstop for any recursion they missed.
      throw new MalformedHistoryException(source, 0, "values nested too deep to read (not a history)");
    }
  }

  /** The file with the warning of {@link RealTime#wentBack} among its notes, when its times go back. */
  private static HistoryFile withTimeWarning(HistoryFile file) {
    String wentBack = RealTime.wentBack(file.history());
    if (wentBack == null) return file;
    List<String> notes = new java.util.ArrayList<>(file.notes());
    notes.add(wentBack);
    return new HistoryFile(file.history(), file.format(), notes);
  }

  private static History parse(String source, HistoryFormat format, List<byte[]> pieces) throws MalformedHistoryException {
    // JSONL, the format of big histories, is parsed straight from bytes (which also checks UTF-8),
    // in pieces when larger than an array; the other formats are never cut into pieces.
    if (format == HistoryFormat.JSONL) return new JsonlHistoryReader(source).read(pieces);
    byte[] bytes = pieces.get(0);
    if (format == HistoryFormat.JSON) return new JsonArrayHistoryReader(source).read(bytes);
    return format.read(source, decode(source, bytes));
  }

  /** The history file of a run folder (Jepsen's store, or faultline's), or why there is none. */
  private static Path inRunFolder(Path folder) throws MalformedHistoryException {
    for (String name : RUN_FOLDER_FILES) {
      Path f = folder.resolve(name);
      if (Files.isRegularFile(f)) return f;
    }
    throw new MalformedHistoryException(folder.toString(), 0,
        "is a folder without a history (a run folder holds history.edn or history.txt, as Jepsen's store writes them, or history.jsonl)");
  }

  /** The file's bytes, in pieces that each end a line but maybe the last; how many newlines they hold; its format. */
  private record Read(List<byte[]> pieces, long newlines, HistoryFormat format) {}

  /**
   * The file's bytes, judged chunk by chunk: refused at the first NUL byte, and at the start when
   * its beginning is not UTF-8 text or (when {@code format} is null, to be told from the text) no
   * format's.
   */
  private static Read readJudged(String source, Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    // Sized to the file when it has a size (a stream, a device report 0), so big histories are not copied.
    long size = Files.isRegularFile(file) ? Files.size(file) : 0;
    Bytes out = new Bytes(source, size > 0 && size < Integer.MAX_VALUE - 16 ? (int) size : HEAD_BYTES);
    byte[] chunk = new byte[HEAD_BYTES];
    long newlines = 0;
    HistoryFormat shown = null;
    boolean judged = false;
    // Where the first byte that is not blank was seen (-1: none yet). The head is judged only once
    // there is one, and only from there on (plus the newlines before it): judging the whole head
    // again for every chunk made a stream of blank lines quadratic.
    long firstText = -1;
    long newlinesBeforeText = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
        int from = out.size() == 0 && n >= 3 && (chunk[0] & 0xff) == 0xEF && (chunk[1] & 0xff) == 0xBB && (chunk[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = from; i < n; i++) {
          if (chunk[i] == 0) throw new MalformedHistoryException(source, newlines + 1, "binary data (a NUL byte), not a history");
          if (firstText < 0 && !blank(chunk[i])) {
            firstText = out.size() + (i - from);
            newlinesBeforeText = newlines;
          }
          if (chunk[i] == '\n') newlines++;
        }
        out.write(chunk, from, n - from);
        if (!judged && firstText >= 0) {
          byte[] head = out.copy((int) firstText, HEAD_BYTES);
          refuseNonUtf8Head(source, head, n < chunk.length);
          // A format the user names is trusted; only its text is judged (UTF-8, no NUL).
          String text = "\n".repeat((int) newlinesBeforeText) + new String(head, StandardCharsets.UTF_8);
          shown = format != null ? format : FormatDetector.detectOrNull(source, text);
          judged = shown != null;
          // JSONL, read line by line, may be larger than one array: it is kept in pieces.
          out.inPieces = shown == HistoryFormat.JSONL;
          // Stop at once when the first line is no event of the format (an endless `yes '{}'`).
          if (judged) refuseBadFirstLine(source, shown, head, newlinesBeforeText + 1);
        }
        if (!judged && out.size() > MAX_LEADING_BLANK_BYTES) {
          throw new MalformedHistoryException(source, 0, "no event in the first " + (MAX_LEADING_BLANK_BYTES >> 20) + " MiB (not a history)");
        }
      }
    }
    if (!judged) throw new MalformedHistoryException(source, 0, "empty history (no events)");
    return new Read(out.pieces(), newlines, format != null ? format : shown);
  }

  static final String TOO_BIG = "larger than 2 GiB, more than faultline reads in this format (faultline JSONL may be larger: export to it)";

  /** How big a piece of a JSONL file grows before it is cut at its last line end (tests make it small). */
  static int pieceBytes = 1 << 30;

  /**
   * A growable byte buffer that hands out its array without a copy when it is exactly full; in
   * pieces, cut at line ends, when {@link #inPieces}.
   */
  private static final class Bytes {
    private final String source;
    private final List<byte[]> sealed = new ArrayList<>();
    boolean inPieces;
    private byte[] buf;
    private int size;

    Bytes(String source, int capacity) {
      this.source = source;
      buf = new byte[Math.max(capacity, 16)];
    }

    int size() {
      return size;
    }

    void write(byte[] b, int off, int len) throws MalformedHistoryException {
      // A file of a known size up to 2 GiB is held whole, as sized; pieces only past that, or from a stream.
      if (inPieces && (long) size + len > buf.length && (long) size + len > pieceBytes) seal();
      if ((long) size + len > Integer.MAX_VALUE - 16) throw new MalformedHistoryException(source, 0, TOO_BIG);
      if (size + len > buf.length) buf = Arrays.copyOf(buf, Math.max(size + len, (int) Math.min(Integer.MAX_VALUE - 16, buf.length * 2L)));
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    byte[] copy() {
      return Arrays.copyOf(buf, size);
    }

    /** Sets aside what is held up to its last line end as a piece; the rest begins the next. */
    private void seal() throws MalformedHistoryException {
      int end = size;
      while (end > 0 && buf[end - 1] != '\n') end--;
      if (end == 0) throw new MalformedHistoryException(source, 0, "a line longer than " + (pieceBytes >> 20) + " MiB (not a history)");
      sealed.add(end == buf.length ? buf : Arrays.copyOf(buf, end));
      byte[] rest = new byte[Math.max(2 * (size - end), HEAD_BYTES)];
      System.arraycopy(buf, end, rest, 0, size - end);
      buf = rest;
      size -= end;
    }

    /** Everything held, in pieces. */
    List<byte[]> pieces() {
      List<byte[]> out = new ArrayList<>(sealed);
      if (size > 0 || out.isEmpty()) out.add(whole());
      return out;
    }

    /** At most {@code max} bytes from {@code from}. */
    byte[] copy(int from, int max) {
      return Arrays.copyOfRange(buf, from, (int) Math.min(size, (long) from + max));
    }

    byte[] whole() {
      return size == buf.length ? buf : copy();
    }
  }

  private static boolean blank(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == ',';
  }

  /**
   * The first line of a JSONL head, when it ends there, must be an event: an endless stream of lines that
   * are not ({@code yes '{}'}) is refused at its first line, not after gigabytes.
   */
  private static void refuseBadFirstLine(String source, HistoryFormat format, byte[] head, long line) throws MalformedHistoryException {
    if (format != HistoryFormat.JSONL) return;
    int end = 0;
    while (end < head.length && head[end] != '\n') end++;
    if (end == head.length) return; // not a whole line in the head: the full read decides
    try {
      if (new JsonlHistoryReader(source).readOne(head, 0, end) != null) return;
    } catch (MalformedHistoryException e) {
      throw new MalformedHistoryException(source, line, e.problem());
    }
    // More than one JSON value, or none: the full read names the problem as it always has.
  }

  /** Refuses a beginning that is not UTF-8 (a character cut at the end of a chunk is fine). */
  private static void refuseNonUtf8Head(String source, byte[] head, boolean whole) throws MalformedHistoryException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    var in = ByteBuffer.wrap(head);
    var result = decoder.decode(in, java.nio.CharBuffer.allocate(head.length + 1), whole);
    if (result.isError()) throw new MalformedHistoryException(source, lineAt(head, in.position()), "binary data (not UTF-8 text), not a history");
  }

  private static boolean startsWithBracket(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '[' || b == '(') return true;
      if (!Character.isWhitespace(b)) return false;
    }
    return false;
  }

  private static int lastIndexOf(byte[] bytes, byte b) {
    for (int i = bytes.length - 1; i >= 0; i--) if (bytes[i] == b) return i;
    return -1;
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
