package faultline.checker.consistency;

import faultline.checker.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verdict per consistency model, strongest model first: what results files carry as
 * {@code "models"} and the terminal shows as a table.
 */
public record ModelReport(List<ModelVerdict> verdicts) {

  public ModelReport {
    verdicts = List.copyOf(verdicts);
  }

  /**
   * The report of {@code verdicts} with each undecided model ruled out when a weaker model it
   * implies (as {@link ConsistencyModels} says, among these) is certainly violated: weakest first,
   * so that what rules out sequential rules out linearizable too. Each one says by which.
   */
  public static ModelReport ruleOutUndecided(List<ModelVerdict> verdicts) {
    Map<String, ModelVerdict> out = new LinkedHashMap<>();
    for (ModelVerdict v : verdicts) out.put(v.model(), v);
    Map<String, List<String>> arrows = ConsistencyModels.arrows(out.keySet());
    for (ModelVerdict v : verdicts.reversed()) {
      if (v.verdict() != Verdict.UNKNOWN) continue;
      for (String weaker : arrows.get(v.model())) {
        if (out.get(weaker).verdict() == Verdict.INVALID) {
          out.put(v.model(), ruledOutBy(v, weaker));
          break;
        }
      }
    }
    return new ModelReport(List.copyOf(out.values()));
  }

  private static ModelVerdict ruledOutBy(ModelVerdict undecided, String by) {
    Map<String, Object> details = new LinkedHashMap<>(undecided.details());
    details.put("search", "undecided: " + details.getOrDefault("reason", "unknown"));
    details.remove("reason");
    return new ModelVerdict(undecided.model(), Verdict.INVALID, by, "ruled out: " + by + " is violated (its own search was undecided)", details);
  }

  public ModelVerdict get(String model) {
    for (ModelVerdict v : verdicts) if (v.model().equals(model)) return v;
    return null;
  }

  public Verdict verdict(String model) {
    ModelVerdict v = get(model);
    return v == null ? null : v.verdict();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ModelVerdict v : verdicts) out.put(v.model(), v.toJson());
    return out;
  }

  /** The table, one line per model: name, verdict, and what was found or what implied it. */
  public List<String> table() {
    int width = verdicts.stream().mapToInt(v -> v.model().length()).max().orElse(5);
    List<String> lines = new ArrayList<>();
    for (ModelVerdict v : verdicts) {
      String verdict = switch (v.verdict()) {
        case VALID -> "valid";
        case INVALID -> "INVALID";
        case UNKNOWN -> "unknown";
      };
      lines.add(String.format("%-" + width + "s  %-7s  %s", v.model(), verdict, v.summary()));
    }
    return lines;
  }
}
