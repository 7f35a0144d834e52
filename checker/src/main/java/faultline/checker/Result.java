package faultline.checker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Checker} concluded, in one shape for every checker (as Elle's results share one):
 * the verdict, a one-line summary, the explanations as data with their rendering, the operations
 * a report should highlight, the consistency models the history rules out, the checker's own
 * details, and the results of the checkers it is made of ({@link Checkers#compose}).
 *
 * @param name the checker's name ("linearizable", "counter", "set", "set-full")
 * @param reason why the verdict is unknown, or null
 * @param ruledOut the consistency models shown not to hold, strongest first
 * @param details the checker's own facts (counts, partitions, its witness as it keeps it), as
 *     plain data for results files
 */
public record Result(String name, Verdict verdict, String summary, String reason, List<Explanation> explanations, List<WitnessOp> witness,
    List<String> ruledOut, Map<String, Object> details, List<Result> parts) {

  public Result {
    explanations = List.copyOf(explanations);
    witness = List.copyOf(witness);
    ruledOut = List.copyOf(ruledOut);
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    parts = List.copyOf(parts);
  }

  /** A checker that could not decide, and why. */
  public static Result unknown(String name, String reason) {
    return new Result(name, Verdict.UNKNOWN, "undecided: " + reason, reason, List.of(), List.of(), List.of(), Map.of(), List.of());
  }

  /** Starts a result of {@code name} with {@code verdict}; the rest is optional. */
  public static Builder of(String name, Verdict verdict) {
    return new Builder(name, verdict);
  }

  /** This result with one more fact among its details (a time, a count added by whoever ran it). */
  public Result withDetail(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new Result(name, verdict, summary, reason, explanations, witness, ruledOut, more, parts);
  }

  /** The explanations' words, in order. */
  public List<String> lines() {
    return explanations.stream().map(Explanation::text).toList();
  }

  /**
   * The result as results.json and {@code check --json} write it: the checker's details first (as
   * each checker always wrote them), then the common fields every report reads.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("checker", name);
    out.put("valid", verdict.json());
    details.forEach(out::putIfAbsent);
    if (summary != null) out.put("summary", summary);
    if (reason != null) out.put("reason", reason);
    if (!explanations.isEmpty()) {
      out.put("explanations", explanations.stream().map(Explanation::text).toList());
      out.put("explanation-data", explanations.stream().map(Explanation::toJson).toList());
    }
    if (!witness.isEmpty()) out.put("witness-ops", witness.stream().map(WitnessOp::toJson).toList());
    if (!ruledOut.isEmpty()) out.put("ruled-out", ruledOut);
    if (!parts.isEmpty()) out.put("checkers", parts.stream().map(Result::toJson).toList());
    return out;
  }

  /** Fills a {@link Result} field by field. */
  public static final class Builder {
    private final String name;
    private final Verdict verdict;
    private String summary;
    private String reason;
    private final List<Explanation> explanations = new ArrayList<>();
    private final List<WitnessOp> witness = new ArrayList<>();
    private final List<String> ruledOut = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<Result> parts = new ArrayList<>();

    private Builder(String name, Verdict verdict) {
      this.name = name;
      this.verdict = verdict;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder explain(Explanation e) {
      explanations.add(e);
      return this;
    }

    public Builder explain(List<Explanation> es) {
      explanations.addAll(es);
      return this;
    }

    public Builder witness(List<WitnessOp> ops) {
      witness.addAll(ops);
      return this;
    }

    public Builder ruledOut(List<String> models) {
      ruledOut.addAll(models);
      return this;
    }

    public Builder details(Map<String, Object> facts) {
      details.putAll(facts);
      return this;
    }

    public Builder parts(List<Result> results) {
      parts.addAll(results);
      return this;
    }

    public Result build() {
      return new Result(name, verdict, summary, reason, explanations, witness, ruledOut, details, parts);
    }
  }
}
