package faultline.checker.linear;

import faultline.checker.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on a whole history: invalid when any partition is, unknown when none is invalid
 * but some could not be decided, valid only when every partition was searched to the end.
 *
 * @param witness the witness of the first invalid partition found, or null
 * @param reason why the verdict is unknown, or null
 * @param partitions every partition's result (cancelled ones are unknown)
 */
public record LinearizabilityResult(
    String model,
    Verdict verdict,
    Witness witness,
    String reason,
    int operations,
    int crashed,
    int failed,
    List<PartitionResult> partitions) {

  /** The result as plain data for results files and {@code --json}. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict.json());
    out.put("model", model);
    out.put("operations", operations);
    out.put("crashed", crashed);
    out.put("failed", failed);
    out.put("partitions", partitions.size());
    out.put("explored", partitions.stream().mapToLong(PartitionResult::explored).sum());
    if (reason != null) {
      out.put("reason", reason);
      out.put("undecided-partitions", partitions.stream().filter(p -> p.verdict() == Verdict.UNKNOWN).count());
    }
    if (witness != null) out.put("witness", witness.toJson());
    return out;
  }
}
