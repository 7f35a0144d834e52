package faultline.checker.format;

import faultline.checker.history.MalformedHistoryException;

/**
 * Tells a history's format from how its text begins, looking past line breaks so that
 * pretty-printed JSON is told apart too:
 *
 * <ul>
 *   <li>{@code [} or {@code (} then <code>{"</code>: a JSON array of op maps;
 *   <li><code>{"</code>: faultline JSONL;
 *   <li><code>{:</code>, {@code [}, {@code (} or {@code #}: Jepsen EDN;
 *   <li>{@code 3<TAB>:invoke<TAB>...}: Jepsen's history.txt;
 *   <li>a logger line such as {@code INFO  jepsen.util - 3 :invoke :read nil}: a Jepsen log.
 * </ul>
 */
public final class FormatDetector {
  private FormatDetector() {}

  /**
   * The format of {@code text} (the whole file, or its first kilobytes), or an error naming the
   * line that no format can start with. Returns null when {@code text} holds nothing but blanks
   * and comments, so a caller reading a stream can look again with more of it.
   */
  public static HistoryFormat detectOrNull(String source, String text) throws MalformedHistoryException {
    int i = skipBlank(text, 0);
    if (i >= text.length()) return null;
    char c = text.charAt(i);
    if (c == '[' || c == '(') {
      int j = skipBlank(text, i + 1);
      if (c == '[' && j < text.length() && text.charAt(j) == '{') {
        int k = skipBlank(text, j + 1);
        if (k < text.length() && text.charAt(k) == '"') return HistoryFormat.JSON;
      }
      return HistoryFormat.EDN;
    }
    if (c == '{') {
      int j = skipBlank(text, i + 1);
      if (j < text.length() && (text.charAt(j) == '"' || text.charAt(j) == '}')) return HistoryFormat.JSONL;
      return HistoryFormat.EDN;
    }
    if (c == '#') return HistoryFormat.EDN;
    int end = text.indexOf('\n', i);
    String line = (end < 0 ? text.substring(i) : text.substring(i, end)).strip();
    if (JepsenLogReader.isHistoryTxtLine(line)) return HistoryFormat.JEPSEN_TXT;
    if (JepsenLogReader.isJepsenLogLine(line)) return HistoryFormat.JEPSEN_LOG;
    throw new MalformedHistoryException(source, lineOf(text, i),
        "not a history faultline can read (expected faultline JSONL, a JSON array of ops, Jepsen EDN, Jepsen history.txt or log lines; see --format)");
  }

  public static HistoryFormat detect(String source, String text) throws MalformedHistoryException {
    HistoryFormat f = detectOrNull(source, text);
    if (f == null) throw new MalformedHistoryException(source, 0, "empty history (no events)");
    return f;
  }

  /** Skips whitespace and {@code ;} comment lines (EDN's; no other format starts with ';'). */
  private static int skipBlank(String text, int i) {
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == ',') i++;
      else if (c == ';') {
        while (i < text.length() && text.charAt(i) != '\n') i++;
      } else break;
    }
    return i;
  }

  private static long lineOf(String text, int offset) {
    long line = 1;
    for (int i = 0; i < offset; i++) if (text.charAt(i) == '\n') line++;
    return line;
  }
}
