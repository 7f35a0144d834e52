package faultline.checker;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Composition of checkers, as Jepsen's {@code checker/compose} and {@code check-safe}. */
public final class Checkers {
  private Checkers() {}

  /**
   * One checker made of named ones, run in order on the same history: its verdict is theirs
   * together (any invalid rules the whole out; else any unknown makes it unknown), its parts are
   * their results under their names, and the consistency models any of them rules out are ruled
   * out; each part's details say how long it took ({@code check-ms}). Each part gets a budget of its own with the same deadline and memory: a search cancels
   * its budget when it finds a violation, which must not stop the next checker.
   */
  public static Checker compose(Map<String, ? extends Checker> named) {
    Map<String, Checker> checkers = new LinkedHashMap<>(named);
    return (history, budget) -> {
      List<Result> parts = new ArrayList<>();
      Verdict verdict = Verdict.VALID;
      List<String> ruledOut = new ArrayList<>();
      List<String> undecided = new ArrayList<>();
      for (var e : checkers.entrySet()) {
        long started = System.nanoTime();
        Result r = safe(e.getKey(), e.getValue()).check(history, budget.fresh());
        r = r.withDetail("check-ms", Math.round((System.nanoTime() - started) / 1e4) / 100.0);
        parts.add(r);
        verdict = verdict.and(r.verdict());
        r.ruledOut().stream().filter(m -> !ruledOut.contains(m)).forEach(ruledOut::add);
        if (r.verdict() == Verdict.UNKNOWN) undecided.add(e.getKey() + ": " + (r.reason() == null ? "undecided" : r.reason()));
      }
      if (checkers.isEmpty()) return Result.unknown("compose", "no checker to run");
      return Result.of("compose", verdict)
          .summary(parts.size() + " checkers: " + String.join(", ", parts.stream().map(p -> p.name() + " " + word(p.verdict())).toList()))
          .reason(verdict == Verdict.UNKNOWN ? String.join("; ", undecided) : null)
          .ruledOut(ruledOut)
          .parts(parts)
          .build();
    };
  }

  /**
   * {@code checker} named {@code name}, with any exception it throws (bad input aside) turned
   * into an unknown result naming it, as Jepsen's {@code check-safe}: a bug in one checker must
   * neither hide the others' verdicts nor pass for valid. The result is named {@code name}.
   */
  public static Checker safe(String name, Checker checker) {
    return (history, budget) -> {
      try {
        Result r = checker.check(history, budget);
        if (r == null) return Result.unknown(name, "the checker returned nothing");
        return r.name().equals(name) ? r : new Result(name, r.verdict(), r.summary(), r.reason(), r.explanations(), r.witness(),
            r.ruledOut(), r.details(), r.parts());
      } catch (MalformedHistoryException e) {
        throw e;
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
        return Result.unknown(name, "the checker failed: " + e);
      }
    };
  }

  private static String word(Verdict v) {
    return switch (v) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "unknown";
    };
  }
}
