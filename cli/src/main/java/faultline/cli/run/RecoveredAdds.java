package faultline.cli.run;

import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Set adds whose outcome was unknown ({@code info}: a timeout, a reset) and whose element the
 * key's final read shows: they took effect after all. Listing them shows that the checker
 * counted an {@code info} add as "may have happened" rather than as lost or as failed.
 */
final class RecoveredAdds {
  private RecoveredAdds() {}

  /** key -> elements, in key order of first appearance. */
  static Map<Object, List<Object>> of(History history) {
    Map<Object, Set<Object>> uncertain = new LinkedHashMap<>();
    Map<Object, Collection<?>> lastRead = new HashMap<>();
    Map<Long, Op> pending = new HashMap<>();
    for (Op op : history.ops()) {
      if (!op.process().isClient()) continue;
      Long process = (Long) op.process().label();
      if (op.type() == OpType.INVOKE) {
        pending.put(process, op);
        continue;
      }
      Op invocation = pending.remove(process);
      if (invocation == null) continue;
      if (op.f().equals("add") && op.type() == OpType.INFO) {
        uncertain.computeIfAbsent(op.key(), k -> new HashSet<>()).add(invocation.value());
      } else if (op.f().equals("read") && op.type() == OpType.OK && op.value() instanceof Collection<?> elements) {
        lastRead.put(op.key(), elements);
      }
    }
    Map<Object, List<Object>> recovered = new LinkedHashMap<>();
    uncertain.forEach((key, elements) -> {
      Collection<?> read = lastRead.getOrDefault(key, List.of());
      List<Object> found = new ArrayList<>();
      for (Object e : elements) if (read.contains(e)) found.add(e);
      if (!found.isEmpty()) recovered.put(key, found);
    });
    return recovered;
  }

  /** For results.json: the count and the elements by key. */
  static Map<String, Object> toJson(History history) {
    Map<Object, List<Object>> recovered = of(history);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", recovered.values().stream().mapToLong(List::size).sum());
    Map<String, Object> byKey = new LinkedHashMap<>();
    recovered.forEach((k, v) -> byKey.put(String.valueOf(k), v));
    out.put("elements", byKey);
    return out;
  }
}
