package faultline.checker.set;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.EventPairs;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a grow-only set history (ops {@code add e} and {@code read}, per key) as Jepsen's set
 * checker does, by each key's final read (its last successful read): an element whose add was
 * acknowledged before that read began must be in it (else it was lost), and no read may contain
 * an element nobody tried to add (else it is unexpected).
 *
 * <p>A key with acknowledged adds and no successful read cannot be judged: the verdict is then
 * unknown unless another key is invalid.
 */
public final class SetChecker implements Checker {

  public SetResult check(History history) {
    Map<Object, Set<Long>> attempted = new HashMap<>();
    Map<Object, Map<Long, Op>> acknowledgedAt = new LinkedHashMap<>(); // key -> element -> its ok completion
    Map<Object, Op[]> finalRead = new HashMap<>(); // key -> {invocation, completion}
    Map<Object, Set<Long>> unexpected = new LinkedHashMap<>();
    Map<Object, Set<Long>> uncertain = new LinkedHashMap<>(); // key -> elements whose add ended info

    EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
      @Override
      public Op invoked(int position, Op op, Op stillOpen) {
        if (op.f().equals("add")) attempted.computeIfAbsent(op.key(), k -> new HashSet<>()).add(element(op.value()));
        return op;
      }

      @Override
      public void completed(int position, Op op, Op invocation) {
        if (invocation == null) return;
        if (op.type() == OpType.INFO && op.f().equals("add")) {
          uncertain.computeIfAbsent(op.key(), k -> new TreeSet<>()).add(element(invocation.value()));
        }
        if (op.type() != OpType.OK) return;
        switch (op.f()) {
          case "add" -> acknowledgedAt.computeIfAbsent(op.key(), k -> new LinkedHashMap<>()).put(element(invocation.value()), op);
          case "read" -> {
            finalRead.put(op.key(), new Op[] {invocation, op});
            for (Object e : (Collection<?>) op.value()) {
              long element = element(e);
              if (!attempted.getOrDefault(op.key(), Set.of()).contains(element)) {
                unexpected.computeIfAbsent(op.key(), k -> new TreeSet<>()).add(element);
              }
            }
          }
          default -> { /* not the set's */ }
        }
      }
    });

    List<SetResult.KeyLoss> lost = new ArrayList<>();
    List<Op> lostAcknowledgements = new ArrayList<>();
    List<Object> unread = new ArrayList<>();
    Set<Object> keys = new HashSet<>(attempted.keySet());
    keys.addAll(finalRead.keySet());
    for (var entry : acknowledgedAt.entrySet()) {
      Op[] read = finalRead.get(entry.getKey());
      if (read == null) {
        unread.add(entry.getKey());
        continue;
      }
      Set<Long> seen = new HashSet<>();
      for (Object e : (Collection<?>) read[1].value()) seen.add(element(e));
      TreeSet<Long> missing = new TreeSet<>();
      entry.getValue().forEach((element, ack) -> {
        if (ack.index() < read[0].index() && !seen.contains(element)) {
          missing.add(element);
          lostAcknowledgements.add(ack);
        }
      });
      if (!missing.isEmpty()) lost.add(new SetResult.KeyLoss(entry.getKey(), missing, read[0].index(), read[1].index()));
    }
    Verdict verdict = !lost.isEmpty() || !unexpected.isEmpty() ? Verdict.INVALID
        : !unread.isEmpty() || finalRead.isEmpty() ? Verdict.UNKNOWN : Verdict.VALID;
    long acknowledged = acknowledgedAt.values().stream().mapToLong(Map::size).sum();
    LossTiming timing = LossTiming.of(lostAcknowledgements, FaultWindows.of(history));
    return new SetResult(verdict, keys.size(), acknowledged, lost, unexpected, unread, timing, recovered(uncertain, finalRead));
  }

  /**
   * Adds whose outcome was unknown ({@code info}: a timeout, a reset) and whose element the key's
   * final read shows: they took effect after all. Listing them shows that the checker counted an
   * {@code info} add as "may have happened" rather than as lost or as failed.
   */
  private static Map<Object, List<Long>> recovered(Map<Object, Set<Long>> uncertain, Map<Object, Op[]> finalRead) {
    Map<Object, List<Long>> recovered = new LinkedHashMap<>();
    uncertain.forEach((key, elements) -> {
      Op[] read = finalRead.get(key);
      if (read == null) return;
      Set<Long> seen = new HashSet<>();
      for (Object e : (Collection<?>) read[1].value()) seen.add(element(e));
      List<Long> found = elements.stream().filter(seen::contains).toList();
      if (!found.isEmpty()) recovered.put(key, found);
    });
    return recovered;
  }

  private static long element(Object value) {
    return ((Number) value).longValue();
  }

  /** This checker under the common shape: no search, so the budget is not used. */
  @Override
  public Result check(History history, Budget budget) {
    return check(history).result();
  }
}
