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
