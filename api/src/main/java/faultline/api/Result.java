package faultline.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a test found: the verdict, each checker's verdict with its explanations, and the run
 * folder with its report.html (history.jsonl, results.json, junit.xml and summary.md beside it).
 *
 * <p>The verdict is the checkers' unless the run found something wrong with itself (a reply from
 * a server it did not start, faults that all failed, an anomaly inside a fault's failed
 * bookkeeping): then it is {@link Verdict#UNKNOWN} and {@link #harness()} says why.
 */
public final class Result {
  /** Explanations per checker in {@link #message()}; the report has them all. */
  private static final int SHOWN = 3;

  private final String test;
  private final Verdict verdict;
  private final List<Check> checks;
  private final List<String> harness;
  private final String reason;
  private final Path runFolder;
  private final long ok;
  private final long fail;
  private final long info;

  Result(String test, Verdict verdict, List<Check> checks, List<String> harness, String reason, Path runFolder, long ok, long fail, long info) {
    this.test = test;
    this.verdict = verdict;
    this.checks = List.copyOf(checks);
    this.harness = List.copyOf(harness);
    this.reason = reason;
    this.runFolder = runFolder;
    this.ok = ok;
    this.fail = fail;
    this.info = info;
  }

  /**
   * The test's name.
   *
   * @return the name
   */
  public String test() {
    return test;
  }

  /**
   * The verdict of the whole test.
   *
   * @return valid, invalid or unknown
   */
  public Verdict verdict() {
    return verdict;
  }

  /**
   * Whether the test found no anomaly and could decide.
   *
   * @return true when valid
   */
  public boolean isValid() {
    return verdict == Verdict.VALID;
  }

  /**
   * Each checker's verdict, explanations and the consistency models ruled out.
   *
   * @return the checks, in the order they ran
   */
  public List<Check> checks() {
    return checks;
  }

  /**
   * Every explanation of every check, in order: each anomaly, step by step.
   *
   * @return the explanations
   */
  public List<String> explanations() {
    List<String> out = new ArrayList<>();
    checks.forEach(c -> out.addAll(c.explanations()));
    return out;
  }

  /**
   * What the run found wrong with itself, if anything (each makes the verdict unknown).
   *
   * @return the findings, in words
   */
  public List<String> harness() {
    return harness;
  }

  /**
   * Why the verdict is unknown, when it is.
   *
   * @return the reason, or empty
   */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * The run folder: history.jsonl, test.json, results.json, the reports and the servers' logs.
   *
   * @return the folder, or empty for a check without one (a plan checked in memory)
   */
  public Optional<Path> runFolder() {
    return Optional.ofNullable(runFolder);
  }

  /**
   * The run's report.html.
   *
   * @return the report, or empty without a run folder
   */
  public Optional<Path> report() {
    return runFolder().map(f -> f.resolve("report.html"));
  }

  /**
   * Operations that completed {@code ok}.
   *
   * @return the count
   */
  public long ok() {
    return ok;
  }

  /**
   * Operations that completed {@code fail}.
   *
   * @return the count
   */
  public long fail() {
    return fail;
  }

  /**
   * Operations that completed {@code info}.
   *
   * @return the count
   */
  public long info() {
    return info;
  }

  /**
   * The result as a person reads it: the verdict, each check that is not valid with its first
   * explanations, the run's findings about itself, and where the report is.
   *
   * @return several lines
   */
  public String message() {
    StringBuilder out = new StringBuilder(test + ": " + verdict.name().toLowerCase(java.util.Locale.ROOT));
    out.append(" (").append(ok).append(" ok, ").append(fail).append(" fail, ").append(info).append(" info)");
    if (reason != null && verdict == Verdict.UNKNOWN) out.append(": ").append(reason);
    for (Check c : checks) {
      if (c.verdict() == Verdict.VALID) continue;
      out.append("\n  ").append(c.name()).append(": ").append(c.verdict().name().toLowerCase(java.util.Locale.ROOT)).append(", ").append(c.summary());
      c.explanations().stream().limit(SHOWN).forEach(e -> out.append("\n    ").append(e.replace("\n", "\n    ")));
      if (c.explanations().size() > SHOWN) out.append("\n    ... and ").append(c.explanations().size() - SHOWN).append(" more in the report");
    }
    harness.forEach(h -> out.append("\n  harness: ").append(h));
    report().ifPresent(r -> out.append("\n  report: ").append(r.toAbsolutePath()));
    return out.toString();
  }

  /**
   * Fails unless the verdict is valid: an {@link AssertionError} with {@link #message()}, which
   * JUnit reports as any failed assertion.
   *
   * @return this result, when valid
   * @throws AssertionError on an anomaly, or when the checks could not decide
   */
  public Result assertValid() {
    return assertValid(false);
  }

  /**
   * Fails on an anomaly, and on an undecided verdict unless {@code allowUnknown}.
   *
   * @param allowUnknown whether an unknown verdict passes
   * @return this result, when it passes
   * @throws AssertionError with {@link #message()}
   */
  public Result assertValid(boolean allowUnknown) {
    if (verdict == Verdict.INVALID) throw new AssertionError(message());
    if (verdict == Verdict.UNKNOWN && !allowUnknown) {
      throw new AssertionError("unknown, and this test allows no unknown (allowUnknown() to pass it): " + message());
    }
    return this;
  }

  @Override
  public String toString() {
    return message();
  }
}
