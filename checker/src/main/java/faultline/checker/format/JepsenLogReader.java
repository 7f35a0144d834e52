package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import us.bpsm.edn.EdnException;

/**
 * Reads the op lines Jepsen logs through {@code jepsen.util}, as in the etcd histories of
 * Porcupine's test data: {@code INFO  jepsen.util - 3<TAB>:invoke<TAB>:cas<TAB>[1 4]}, optionally
 * followed by a tab and an error. Lines of other loggers are not ops and are skipped; the file's
 * order is the real-time order (these logs carry no times).
 */
final class JepsenLogReader {
  private static final Pattern OP_LINE = Pattern.compile("^\\s*\\w+\\s+jepsen\\.util\\s+-\\s+(.*)$");
  private static final Pattern ANY_LOG_LINE = Pattern.compile("^\\s*(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+[\\w.$-]+\\s+-.*");

  private final String source;

  JepsenLogReader(String source) {
    this.source = source;
  }

  static boolean isJepsenLogLine(String line) {
    return ANY_LOG_LINE.matcher(line).matches();
  }

  History read(String text) throws MalformedHistoryException {
    History.Builder history = History.builder(source);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      long lineNo = i + 1;
      Matcher m = OP_LINE.matcher(line);
      if (!m.matches()) {
        if (isJepsenLogLine(line)) continue; // another logger's line: not an op
        throw new MalformedHistoryException(source, lineNo, "not a Jepsen log line");
      }
      history.add(parseOp(m.group(1), lineNo, history.size()), lineNo);
    }
    if (history.size() == 0) throw new MalformedHistoryException(source, 0, "empty history (no jepsen.util op lines)");
    return history.build();
  }

  /**
   * Fields are separated by tabs in most logs and by runs of spaces in some, so the first three
   * are taken as whitespace-separated words, the value as the next EDN form (which may hold
   * spaces, as {@code [1 4]} does), and anything after it as the error.
   */
  private Op parseOp(String body, long line, int position) throws MalformedHistoryException {
    String[] words = body.strip().split("\\s+", 4);
    if (words.length < 3) throw bad(line, "expected PROCESS :TYPE :F VALUE, got \"" + body.strip() + "\"");
    Process process = process(words[0], line);
    OpType type = OpType.ofLabel(keyword(words[1], line, "type"));
    if (type == null) throw bad(line, "unknown type " + words[1] + " (expected :invoke, :ok, :fail or :info)");
    String f = keyword(words[2], line, "f");
    Object value = null;
    String error = null;
    if (words.length > 3) {
      String rest = words[3];
      int end;
      try {
        end = EdnForms.firstFormEnd(source, rest);
        value = EdnValues.parseOne(rest.substring(0, end));
      } catch (EdnException | IllegalArgumentException | MalformedHistoryException e) {
        throw bad(line, "malformed value " + rest + " (" + e.getMessage() + ")");
      }
      String tail = rest.substring(end).strip();
      error = tail.isEmpty() ? null : tail;
    }
    return new Op(position, Op.NO_TIME, process, type, f, null, value, error);
  }

  private Process process(String field, long line) throws MalformedHistoryException {
    if (field.startsWith(":")) return Process.named(field.substring(1));
    try {
      return Process.client(Long.parseLong(field));
    } catch (NumberFormatException e) {
      throw bad(line, "process must be an integer or :nemesis, got \"" + field + "\"");
    }
  }

  private String keyword(String field, long line, String what) throws MalformedHistoryException {
    if (!field.startsWith(":") || field.length() < 2) throw bad(line, what + " must be a keyword such as :ok, got \"" + field + "\"");
    return field.substring(1);
  }

  private MalformedHistoryException bad(long line, String problem) {
    return new MalformedHistoryException(source, line, problem);
  }
}
