package faultline.checker.history;

/**
 * A history that cannot be read or makes no sense (a completion without invocation, an unknown
 * type, a truncated line). Its message is one line naming the file and line.
 */
public final class MalformedHistoryException extends Exception {
  private final String source;
  private final long line;

  public MalformedHistoryException(String source, long line, String problem) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem);
    this.source = source;
    this.line = line;
  }

  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public long line() {
    return line;
  }
}
