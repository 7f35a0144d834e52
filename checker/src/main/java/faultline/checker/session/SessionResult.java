package faultline.checker.session;

import faultline.checker.Verdict;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on each session guarantee, with every violation found (up to a limit per guarantee).
 *
 * @param keysSkipped keys the checks could not read (appends: a value that depends on what was
 *     there is not a write of a known value)
 * @param readsUnplaced successful reads of values the order cannot place (written more than once,
 *     or never written), which therefore prove nothing
 * @param reason for UNKNOWN verdicts, why
 */
public record SessionResult(
    Map<SessionGuarantee, Verdict> verdicts,
    Map<SessionGuarantee, List<SessionViolation>> violations,
    Map<SessionGuarantee, Integer> violationCounts,
    int keys,
    int keysSkipped,
    long readsUnplaced,
    String reason) {

  public Verdict verdict(SessionGuarantee g) {
    return verdicts.get(g);
  }

  public List<SessionViolation> violations(SessionGuarantee g) {
    return violations.getOrDefault(g, List.of());
  }

  public Map<String, Object> toJson(SessionGuarantee g) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("valid", verdict(g).json());
    out.put("detects", g.detects());
    out.put("keys", keys);
    if (keysSkipped > 0) out.put("keys-skipped", keysSkipped);
    if (readsUnplaced > 0) out.put("reads-unplaced", readsUnplaced);
    if (verdict(g) == Verdict.UNKNOWN && reason != null) out.put("reason", reason);
    int count = violationCounts.getOrDefault(g, 0);
    if (count > 0) {
      out.put("violations", count);
      out.put("witnesses", violations(g).stream().map(SessionViolation::toJson).toList());
    }
    return out;
  }

  static Map<SessionGuarantee, Verdict> all(Verdict v) {
    Map<SessionGuarantee, Verdict> out = new EnumMap<>(SessionGuarantee.class);
    for (SessionGuarantee g : SessionGuarantee.values()) out.put(g, v);
    return out;
  }
}
