package faultline.checker.sequential;

import faultline.checker.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict on sequential consistency for a whole history.
 *
 * @param groups independent groups searched (processes and keys that share nothing)
 * @param witness for INVALID, the first group found invalid
 * @param reason for UNKNOWN, why a group could not be decided
 */
public record SequentialResult(Verdict verdict, int operations, int groups, SequentialWitness witness, String reason, long explored) {

  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("operations", operations);
    out.put("groups", groups);
    out.put("explored", explored);
    if (reason != null) out.put("reason", reason);
    if (witness != null) out.put("witness", witness.toJson());
    return out;
  }
}
