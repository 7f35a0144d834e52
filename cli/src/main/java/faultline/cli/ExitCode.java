package faultline.cli;

import faultline.checker.history.MalformedHistoryException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/** The exit codes of DESIGN.md, which CI gates depend on. */
public final class ExitCode {
  public static final int VALID = 0;
  public static final int ANOMALY = 1;
  public static final int UNKNOWN = 2;
  public static final int USAGE = 64;
  public static final int UNAVAILABLE = 69;
  public static final int INTERNAL = 70;

  private ExitCode() {}

  /** Maps an exception that escaped a command to its exit code. */
  public static int of(Throwable ex) {
    if (ex instanceof UserError u) return u.exitCode();
    if (ex instanceof MalformedHistoryException) return USAGE;
    if (ex instanceof NoSuchFileException) return USAGE;
    if (ex instanceof IOException) return USAGE;
    return INTERNAL;
  }

  /** One line for the user: the message for expected errors, the type too for internal ones. */
  public static String describe(Throwable ex) {
    if (ex instanceof NoSuchFileException nsf) return nsf.getFile() + ": no such file";
    if (ex instanceof UserError || ex instanceof MalformedHistoryException || ex instanceof IOException) {
      return ex.getMessage();
    }
    return "internal error: " + ex + (ex.getStackTrace().length > 0 ? " at " + ex.getStackTrace()[0] : "");
  }
}
