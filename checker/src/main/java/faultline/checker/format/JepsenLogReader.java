package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import us.bpsm.edn.EdnException;

/**
 * Reads the op lines Jepsen logs through {@code jepsen.util}, as in the etcd histories of
 * Porcupine's test data: {@code INFO  jepsen.util - 3<TAB>:invoke<TAB>:cas<TAB>[1 4]}, optionally
 * followed by a tab and an error. Lines of other loggers are not ops and are skipped; the file's
 * order is the real-time order (these logs carry no times).
 */
final class JepsenLogReader {
  private static final Pattern ANY_LOG_LINE = Pattern.compile("^\\s*(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\\s+[\\w.$-]+\\s+-.*");

  /** A line of Jepsen's history.txt: PROCESS, then :TYPE and :F, tab-separated. */
  private static final Pattern HISTORY_TXT_LINE = Pattern.compile("^(-?\\d+|:[\\w.$*+!?<>=/-]+)\\s+:(invoke|ok|fail|info)\\s+\\S.*");

  private final String source;
  /** Whether every line is an op with no logger prefix, as in Jepsen's store's history.txt. */
  private final boolean bare;

  JepsenLogReader(String source) {
    this(source, false);
  }

  private JepsenLogReader(String source, boolean bare) {
    this.source = source;
    this.bare = bare;
  }

  /**
   * A reader of the history.txt a Jepsen run leaves in its store folder: the lines jepsen.util
   * logs, without the logger's prefix ({@code 3<TAB>:invoke<TAB>:read<TAB>nil}).
   */
  static JepsenLogReader historyTxt(String source) {
    return new JepsenLogReader(source, true);
  }

  static boolean isHistoryTxtLine(String line) {
    return HISTORY_TXT_LINE.matcher(line).matches();
  }

  static boolean isJepsenLogLine(String line) {
    return ANY_LOG_LINE.matcher(line).matches();
  }

  /** What follows "LEVEL jepsen.util - ", or null when the line is not jepsen.util's. */
  private static String opBody(String line) {
    int logger = line.indexOf(" jepsen.util");
    if (logger < 0) return null;
    int dash = line.indexOf(" - ", logger);
    if (dash < 0) return null;
    // Cheap check that what precedes is a log level word; the regex is the reference.
    if (!Character.isLetter(line.charAt(0))) return null;
    return line.substring(dash + 3);
  }

  History read(String text) throws MalformedHistoryException {
    History.Builder history = History.builder(source);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) continue;
      long lineNo = i + 1;
      String body = bare ? line : opBody(line);
      if (bare && !isHistoryTxtLine(line)) throw new MalformedHistoryException(source, lineNo, "not a Jepsen history.txt line (PROCESS :TYPE :F VALUE)");
      if (body == null) {
        if (isJepsenLogLine(line)) continue; // another logger's line: not an op
        throw new MalformedHistoryException(source, lineNo, "not a Jepsen log line");
      }
      history.add(parseOp(body, lineNo, history.size()), lineNo);
    }
    if (history.size() == 0) throw new MalformedHistoryException(source, 0, bare ? "empty history (no events)" : "empty history (no jepsen.util op lines)");
    return history.build();
  }

  /**
   * Fields are separated by tabs in most logs and by runs of spaces in some, so the first three
   * are taken as whitespace-separated words, the value as the next EDN form (which may hold
   * spaces, as {@code [1 4]} does), and anything after it as the error.
   */
  private Op parseOp(String body, long line, int position) throws MalformedHistoryException {
    int[] at = {0};
    String processField = word(body, at);
    String typeField = word(body, at);
    String fField = word(body, at);
    if (fField == null) throw bad(line, "expected PROCESS :TYPE :F VALUE, got \"" + body.strip() + "\"");
    Process process = process(processField, line);
    OpType type = OpType.ofLabel(keyword(typeField, line, "type"));
    if (type == null) throw bad(line, "unknown type " + typeField + " (expected :invoke, :ok, :fail or :info)");
    String f = keyword(fField, line, "f");
    Object value = null;
    String error = null;
    String rest = body.substring(skipSpace(body, at[0])).stripTrailing();
    if (!rest.isEmpty()) {
      int end;
      try {
        end = rest.charAt(0) == '[' && rest.indexOf('[', 1) < 0 && rest.indexOf(']') > 0 ? rest.indexOf(']') + 1
            : rest.charAt(0) != '[' && rest.charAt(0) != '{' && rest.charAt(0) != '"' && rest.charAt(0) != '#' && rest.charAt(0) != '(' ? wordEnd(rest, 0)
            : EdnForms.firstFormEnd(source, rest);
        value = simpleValue(rest, end);
        if (value == NOT_SIMPLE) value = EdnValues.opValue(f, EdnValues.parseOne(rest.substring(0, end)));
      } catch (EdnException | IllegalArgumentException | MalformedHistoryException e) {
        throw bad(line, "malformed value " + rest + " (" + e.getMessage() + ")");
      }
      String tail = rest.substring(end).strip();
      error = tail.isEmpty() ? null : tail;
    }
    return new Op(position, Op.NO_TIME, process, type, f, null, value, error);
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  private static int wordEnd(String s, int i) {
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  /** The next whitespace-separated word from {@code at[0]}, or null at the end. */
  private static String word(String s, int[] at) {
    int start = skipSpace(s, at[0]);
    int end = wordEnd(s, start);
    at[0] = end;
    return start == end ? null : s.substring(start, end);
  }

  private static final Object NOT_SIMPLE = new Object();

  /**
   * The values of register histories (nil, an integer, a vector of those) without the general EDN
   * parser, which dominates reading otherwise; anything else is left to it.
   */
  private static Object simpleValue(String text, int end) {
    if (end == 0) return NOT_SIMPLE;
    if (end == 3 && text.startsWith("nil")) return null;
    if (text.charAt(0) == '[' && text.charAt(end - 1) == ']') {
      List<Object> items = new ArrayList<>(2);
      int i = 1;
      while (i < end - 1) {
        while (i < end - 1 && (text.charAt(i) == ' ' || text.charAt(i) == ',')) i++;
        if (i >= end - 1) break;
        int j = i;
        while (j < end - 1 && text.charAt(j) != ' ' && text.charAt(j) != ',') j++;
        Object item = simpleValue(text.substring(i, j), j - i);
        if (item == NOT_SIMPLE || item instanceof List<?>) return NOT_SIMPLE;
        items.add(item);
        i = j;
      }
      return items;
    }
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == end) return NOT_SIMPLE;
    for (int i = start; i < end; i++) if (text.charAt(i) < '0' || text.charAt(i) > '9') return NOT_SIMPLE;
    if (end - start > 18) return NOT_SIMPLE;
    return Long.parseLong(text, 0, end, 10);
  }

  private Process process(String field, long line) throws MalformedHistoryException {
    if (field.startsWith(":")) return Process.named(field.substring(1));
    try {
      return Process.client(Long.parseLong(field));
    } catch (NumberFormatException e) {
      throw bad(line, "process must be an integer or a keyword such as :nemesis, got \"" + field + "\"");
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
