package faultline.checker.format;

import faultline.checker.history.MalformedHistoryException;

/**
 * Tells a history's format from its first meaningful line: JSONL objects start with
 * <code>{"</code>, EDN with <code>{:</code>, <code>[</code> or <code>(</code>, and Jepsen logs
 * with a logger line such as {@code INFO  jepsen.util - 3 :invoke :read nil}.
 */
public final class FormatDetector {
  private FormatDetector() {}

  public static HistoryFormat detect(String source, String text) throws MalformedHistoryException {
    int lineNo = 0;
    for (String raw : text.split("\n", 200)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith(";")) continue;
      if (line.startsWith("{")) {
        String rest = line.substring(1).stripLeading();
        if (rest.startsWith("\"") || rest.startsWith("}")) return HistoryFormat.JSONL;
        return HistoryFormat.EDN;
      }
      if (line.startsWith("[") || line.startsWith("(")) return HistoryFormat.EDN;
      if (JepsenLogReader.isJepsenLogLine(line)) return HistoryFormat.JEPSEN_LOG;
      throw new MalformedHistoryException(source, lineNo,
          "not a history faultline can read (expected JSONL, Jepsen EDN or Jepsen log lines; see --format)");
    }
    throw new MalformedHistoryException(source, 0, "empty history (no events)");
  }
}
