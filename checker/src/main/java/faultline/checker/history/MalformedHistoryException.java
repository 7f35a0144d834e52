package faultline.checker.history;

/**
 * A history that cannot be read or makes no sense (a completion without invocation, an unknown
 * type, a truncated line). Its message is one line naming the file and line.
 */
public final class MalformedHistoryException extends Exception {
  private final String source;
  private final long line;
  private final String problem;

  public MalformedHistoryException(String source, long line, String problem) {
    // The problem often quotes the file (an unknown type, a bad value): escaped, it stays one line
    // and cannot drive the terminal.
    super(Values.escaped(source + (line > 0 ? ":" + line : "") + ": " + problem));
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /** What is wrong, without the file and line. */
  public String problem() {
    return problem;
  }

  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when it concerns the whole file. */
  public long line() {
    return line;
  }
}
