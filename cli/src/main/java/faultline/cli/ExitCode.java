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
    if (outOfMemory(ex)) return UNAVAILABLE; // the machine lacks what the command needs; `check` says unknown (2) itself
    if (ex instanceof MalformedHistoryException) return USAGE;
    if (ex instanceof NoSuchFileException) return USAGE;
    if (ex instanceof IOException) return USAGE;
    return INTERNAL;
  }

  /** Whether {@code ex}, or what it wraps (a worker thread's failure), is the heap running out. */
  public static boolean outOfMemory(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) if (t instanceof OutOfMemoryError) return true;
    return false;
  }

  /**
   * The one line for running out of heap, on every path: what ran out, and
   * what to do about it.
   */
  public static String outOfMemoryAdvice(String what) {
    long heapMib = Runtime.getRuntime().maxMemory() >> 20;
    return what + ": out of memory (the JVM's heap is " + heapMib + " MiB); give it more, e.g. FAULTLINE_JAVA_OPTS=-Xmx"
        + Math.max(2, 2 * ((heapMib + 1023) >> 10)) + "g";
  }

  /** One line for the user: the message for expected errors, the type too for internal ones. */
  public static String describe(Throwable ex) {
    if (outOfMemory(ex)) return outOfMemoryAdvice("faultline");
    if (ex instanceof NoSuchFileException nsf) return nsf.getFile() + ": no such file";
    if (ex instanceof UserError || ex instanceof MalformedHistoryException || ex instanceof IOException) {
      return ex.getMessage();
    }
    return "internal error: " + ex + (ex.getStackTrace().length > 0 ? " at " + ex.getStackTrace()[0] : "");
  }
}
