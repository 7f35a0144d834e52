package faultline.cli;

import faultline.checker.Verdict;
import faultline.checker.history.NilReads;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.set.SetFullResult;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The text {@code check} prints for what the peers' readings add: the verdict under the stricter
 * reading of nil reads, and Jepsen's set-full report.
 */
final class OtherReadings {
  private OtherReadings() {}

  /** One line, and the witness: valid as read, but not when nil reads are read the other way. */
  static void printStricter(PrintStream out, NilReads reading, LinearizabilityResult r) {
    String what = r.verdict() == Verdict.INVALID ? "NOT linearizable" : "undecided (" + r.reason() + ")";
    out.println("  note: with --nil-reads " + reading.label() + " (a nil read returned nil) it is " + what
        + "; the exit code follows the reading in force");
    if (r.witness() != null) out.print(r.witness().explain().indent(4));
  }

  static void printSetFull(PrintStream out, Path file, SetFullResult r, double ms) {
    String verdict = switch (r.verdict()) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "UNKNOWN";
    };
    out.println(file + ": set-full " + verdict + " (" + r.keys() + (r.keys() == 1 ? " key, " : " keys, ") + r.reads() + " reads: "
        + r.summary() + ", " + ms + " ms)");
    if (r.verdict() == Verdict.UNKNOWN) out.println("  no read began after any element was known to be in the set");
    r.report(10).forEach(line -> out.println("  " + line));
  }
}
