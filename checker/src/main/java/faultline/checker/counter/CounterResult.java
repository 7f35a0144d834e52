package faultline.checker.counter;

import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counter checker's verdict, how much it saw, and every read that was out of bounds.
 *
 * @param keys how many keys the history touches
 * @param reads how many successful reads were checked
 * @param crashDependentReads reads within bounds that only fit if a crashed add took effect
 * @param reason why there was nothing to judge (no successful read), or null
 */
public record CounterResult(Verdict verdict, int keys, int reads, List<CounterError> errors, int crashDependentReads, String reason) {
  /** results.json keeps this many errors in full; the count says how many there were. */
  private static final int ERRORS_KEPT = 20;

  public CounterResult {
    errors = List.copyOf(errors);
  }

  public long lostUpdates() {
    return errors.stream().filter(CounterError::lostUpdate).count();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("checker", "counter");
    out.put("keys", keys);
    out.put("reads", reads);
    out.put("errors", errors.size());
    out.put("lost-update-reads", lostUpdates());
    out.put("reads-needing-crashed-adds", crashDependentReads);
    if (reason != null) out.put("reason", reason);
    if (!errors.isEmpty()) out.put("witnesses", errors.stream().limit(ERRORS_KEPT).map(CounterError::toJson).toList());
    return out;
  }

  /** This result in the common shape: each read out of bounds is an explanation and an anomaly op. */
  public Result result() {
    List<CounterError> kept = errors.stream().limit(ERRORS_KEPT).toList();
    Map<String, Object> details = toJson(); // its "witnesses" stay, as results.json always had them
    return Result.of("counter", verdict)
        .summary(reads + " reads over " + keys + " keys" + (errors.isEmpty() ? "" : "; " + errors.size() + " out of bounds, "
            + lostUpdates() + " prove lost updates"))
        .reason(verdict == Verdict.UNKNOWN ? reason : null)
        .explain(kept.stream().map(e -> {
          Map<String, Object> data = e.toJson();
          data.remove("explanation");
          return new Explanation(e.lostUpdate() ? "lost-update" : "phantom-increment", data, e.explain());
        }).toList())
        .witness(kept.stream().map(e -> new WitnessOp(WitnessOp.ANOMALY, e.key(), e.process(), "read", e.value(), e.invokeIndex(),
            e.completeIndex(), e.lostUpdate() ? "below " + e.lower() + ", acknowledged before it began" : "above " + e.upper()
                + ", added by the time it ended")).toList())
        .details(details)
        .build();
  }
}
