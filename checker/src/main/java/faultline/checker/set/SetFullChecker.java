package faultline.checker.set;

import faultline.checker.Checker;
import faultline.checker.Result;
import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jepsen's set-full checker: follows every element of a grow-only set (ops {@code add e} and
 * {@code read}, per key) through every read, not just the last one.
 *
 * <p>An element is known to be in the set from the moment its add is acknowledged, or a read
 * shows it, whichever is first. Each read that began after that moment observes it present or
 * absent; an element present in the last such observation is stable (stale if some read missed it
 * first), one absent there is lost, one never observed is never-read. A read showing an element
 * nobody tried to add shows an unexpected one; a read listing an element twice, a duplicated one;
 * an element whose add crashed ({@code info}) and which a read shows is recovered (allowed: the
 * add took effect).
 *
 * <p>Valid when nothing is lost, unexpected or duplicated; unknown when no element was ever
 * observed after being known (no read came late enough to judge anything); never valid then.
 */
public final class SetFullChecker implements Checker {

  public SetFullResult check(History history) {
    List<Op> ops = history.ops();
    Map<Object, Map<Object, ElementHistory>> keys = new LinkedHashMap<>();
    record Read(Object key, int invokePos, int completePos, Op invoke, Op complete, Collection<?> values) {}
    List<Read> reads = new ArrayList<>();
    Map<Object, List<Object>> duplicated = new LinkedHashMap<>();
    Map<Object, Set<Object>> unexpected = new LinkedHashMap<>();

    EventPairs.clients(history, new EventPairs.Visitor<Integer, RuntimeException>() {
      @Override
      public Integer invoked(int i, Op op, Integer stillOpen) {
        if (op.f().equals("add")) {
          ElementHistory e = keys.computeIfAbsent(op.key(), k -> new LinkedHashMap<>())
              .computeIfAbsent(op.value(), v -> new ElementHistory(op.key(), v));
          if (e.addInvokePos < 0) {
            e.addInvokePos = i;
            e.addInvokeIndex = op.index();
            e.addInvokeTime = op.time();
          }
        }
        return i;
      }

      @Override
      public void completed(int i, Op op, Integer at) {
        if (at == null) return;
        Op invoke = ops.get(at);
        if (op.f().equals("add")) {
          ElementHistory e = keys.get(op.key() != null ? op.key() : invoke.key()).get(invoke.value());
          if (op.type() == OpType.FAIL) {
            if (e.addOutcome == null) e.addOutcome = OpType.FAIL;
          } else if (op.type() == OpType.OK) {
            e.addOutcome = OpType.OK;
            e.addCompleteIndex = op.index();
            if (i < e.knownPos) {
              e.knownPos = i;
              e.knownTime = op.time();
            }
          } else if (e.addOutcome != OpType.OK) {
            e.addOutcome = OpType.INFO;
          }
        } else if (op.f().equals("read") && op.type() == OpType.OK && op.value() instanceof Collection<?> values) {
          Object key = op.key() != null ? op.key() : invoke.key();
          reads.add(new Read(key, at, i, invoke, op, values));
          Map<Object, ElementHistory> elements = keys.computeIfAbsent(key, k -> new LinkedHashMap<>());
          Set<Object> once = new HashSet<>();
          for (Object v : values) {
            if (!once.add(v)) duplicated.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            ElementHistory e = elements.get(v);
            if (e == null || e.addInvokePos < 0 || e.addInvokePos > i) {
              unexpected.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(v);
              continue;
            }
            if (i < e.knownPos) {
              e.knownPos = i;
              e.knownTime = op.time();
            }
          }
        }
      }
    });

    // Every read observes every element known before it began: present or absent.
    for (Read r : reads) {
      Set<Object> shown = new HashSet<>(r.values());
      for (ElementHistory e : keys.getOrDefault(r.key(), Map.of()).values()) {
        boolean present = shown.contains(e.element);
        if (!present && r.invokePos() <= e.knownPos) continue;
        if (present) {
          e.presentReads++;
          if (e.firstSeenIndex < 0) {
            e.firstSeenIndex = r.complete().index();
            e.firstSeenTime = r.complete().time();
          }
        } else {
          e.absentReads++;
          // The last in the file's order (real time, history/RealTime); its time only measures the latency.
          if (r.invoke().index() > e.lastAbsentInvokeIndex) {
            e.lastAbsentInvokeTime = r.invoke().time();
            e.lastAbsentInvokeIndex = r.invoke().index();
          }
        }
        if (r.invokePos() >= e.lastObservationPos) {
          e.lastObservationPos = r.invokePos();
          e.lastObservationPresent = present;
        }
      }
    }

    List<ElementHistory> all = new ArrayList<>();
    keys.values().forEach(m -> m.values().stream().filter(e -> e.addOutcome != OpType.FAIL || e.presentReads > 0).forEach(all::add));
    boolean timed = history.timed();
    return SetFullResult.of(all, unexpected, duplicated, reads.size(), keys.size(), timed);
  }

  /** This checker under the common shape: no search, so the budget is not used. */
  @Override
  public Result check(History history, Budget budget) {
    return check(history).result();
  }
}
