package faultline.cli;

import faultline.checker.Explanation;
import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.model.Models;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What {@code faultline check} prints for one file, rendered from the front door's {@link Result}
 * (the same result {@code --json} writes): the verdict line, the witness, the note on the other
 * reading of nil reads, and the table of consistency models. Every value from the history is
 * printed escaped ({@link Terminal}).
 */
final class CheckedText {
  private CheckedText() {}

  /** @param single whether this is the only file (the models table is then shown even when valid) */
  static void print(PrintStream out, Path file, Result r, double ms, boolean single) {
    if (r.name().equals(Models.SET_FULL)) {
      printSetFull(out, file, r, ms);
      return;
    }
    if (!r.parts().isEmpty()) {
      printParts(out, file, r, ms);
      return;
    }
    Object model = r.details().get("model");
    boolean guessed = Boolean.TRUE.equals(r.details().get("model-guessed"));
    String what = model + (guessed ? " (guessed)" : "") + ("unknown".equals(r.details().get("nil-reads")) ? ", nil reads unknown" : "")
        + ", " + r.summary() + ", " + ms + " ms";
    switch (r.verdict()) {
      case VALID -> out.println(Terminal.oneLine(file + ": linearizable (" + what + ")"));
      case INVALID -> {
        out.println(Terminal.oneLine(file + ": NOT linearizable (" + what + ")"));
        r.explanations().stream().filter(e -> e.type().equals("not-linearizable"))
            .forEach(e -> out.print(Terminal.printable(e.text().indent(2))));
      }
      case UNKNOWN -> out.println(Terminal.oneLine(file + ": UNKNOWN: " + r.reason() + " (" + what
          + (r.details().get("undecided-partitions") instanceof Number n && n.longValue() > 0 ? "; " + n + " partitions undecided" : "") + ")"));
    }
    for (Explanation e : r.explanations()) {
      if (!e.type().equals(HistoryCheck.OTHER_READING)) continue;
      String[] lines = e.text().split("\n", 2);
      out.println(Terminal.oneLine("  " + lines[0]));
      if (lines.length > 1) out.print(Terminal.printable(lines[1].indent(4)));
    }
    // The table where it says something: a history that is not linearizable, or a single file.
    if (r.verdict() != Verdict.VALID || single) {
      r.explanations().stream().filter(e -> e.type().equals(LinearizableCheck.MODELS_TABLE))
          .forEach(e -> out.print(Terminal.printable(e.text().indent(2))));
    }
  }

  /**
   * A workload's checkers composed (lock, leaderboard, ...): the verdict, then each checker's
   * verdict, summary and explanations, as a run's summary lists them.
   */
  private static void printParts(PrintStream out, Path file, Result r, double ms) {
    boolean guessed = Boolean.TRUE.equals(r.details().get("model-guessed"));
    out.println(Terminal.oneLine(file + ": " + r.name() + (guessed ? " (guessed)" : "") + " " + word(r.verdict()) + " (" + r.summary()
        + ", " + ms + " ms)"));
    for (Result part : r.parts()) {
      out.println(Terminal.oneLine("  " + part.name() + ": " + word(part.verdict()) + " (" + part.summary() + ")"));
      if (part.verdict() == Verdict.UNKNOWN && part.reason() != null) out.println("    undecided: " + Terminal.oneLine(part.reason()));
      part.lines().forEach(text -> out.print(Terminal.printable(text.indent(4))));
    }
  }

  private static String word(Verdict v) {
    return switch (v) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "UNKNOWN";
    };
  }

  private static void printSetFull(PrintStream out, Path file, Result r, double ms) {
    out.println(Terminal.oneLine(file + ": set-full " + word(r.verdict()) + " (" + r.summary() + ", " + ms + " ms)"));
    if (r.verdict() == Verdict.UNKNOWN) out.println("  " + Terminal.oneLine(r.reason()));
    r.lines().forEach(line -> out.println("  " + Terminal.oneLine(line)));
  }
}
