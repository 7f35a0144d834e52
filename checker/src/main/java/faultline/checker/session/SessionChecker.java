package faultline.checker.session;

import faultline.checker.Verdict;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the four session guarantees of a register or kv history (get/put; appends are skipped),
 * per process and per key, against the order the history certainly reveals ({@link
 * VersionOrder}). Sound, not complete: every violation reported is certain under that order's
 * stated assumption, but a history with none found may still violate a guarantee in a way the
 * order cannot show (for instance two plain writes whose order nothing reveals). Out of time:
 * {@code UNKNOWN}.
 */
public final class SessionChecker {
  /** Violations kept per guarantee; the count says how many there were. */
  private static final int KEPT = 20;
  /** Earlier reads a read or write is compared with: enough for any realistic session, and bounded. */
  private static final int REMEMBERED_READS = 100;

  public SessionResult check(PairedHistory history, Model<?> model, Budget budget) {
    return check(history.operations(), model, budget);
  }

  public SessionResult check(List<Operation> operations, Model<?> model, Budget budget) {
    String name = model.name();
    if (!Access.supports(name)) {
      return new SessionResult(SessionResult.all(Verdict.UNKNOWN), Map.of(), Map.of(), 0, 0, 0,
          "session guarantees are checked for register, cas-register and kv histories, not " + name);
    }
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : operations) byKey.computeIfAbsent(op.key() == null ? NO_KEY : op.key(), k -> new ArrayList<>()).add(op);

    Map<SessionGuarantee, List<SessionViolation>> found = new EnumMap<>(SessionGuarantee.class);
    Map<SessionGuarantee, Integer> counts = new EnumMap<>(SessionGuarantee.class);
    int skipped = 0;
    long unplaced = 0;
    for (var entry : byKey.entrySet()) {
      if (budget.timeIsUp()) {
        return new SessionResult(undecidedUnlessViolated(counts), found, counts, byKey.size(), skipped, unplaced, "time limit reached");
      }
      List<Operation> ops = entry.getValue();
      if (ops.stream().anyMatch(op -> Access.of(name, op).kind() == Access.Kind.UNSUPPORTED)) {
        skipped++;
        continue;
      }
      Object key = entry.getKey() == NO_KEY ? null : entry.getKey();
      VersionOrder order = new VersionOrder(name, model.init(), ops);
      Map<Process, List<Operation>> byProcess = new LinkedHashMap<>();
      for (Operation op : ops) byProcess.computeIfAbsent(op.process(), p -> new ArrayList<>()).add(op);
      for (List<Operation> session : byProcess.values()) {
        unplaced += checkSession(name, key, session, order, (g, v) -> {
          counts.merge(g, 1, Integer::sum);
          List<SessionViolation> kept = found.computeIfAbsent(g, x -> new ArrayList<>());
          if (kept.size() < KEPT) kept.add(v);
        });
      }
    }
    Map<SessionGuarantee, Verdict> verdicts = new EnumMap<>(SessionGuarantee.class);
    boolean judgedAny = skipped < byKey.size();
    for (SessionGuarantee g : SessionGuarantee.values()) {
      verdicts.put(g, counts.containsKey(g) ? Verdict.INVALID : judgedAny ? Verdict.VALID : Verdict.UNKNOWN);
    }
    String reason = judgedAny ? null : byKey.isEmpty() ? "no operations" : "every key has appends, which these checks cannot place";
    return new SessionResult(verdicts, found, counts, byKey.size(), skipped, unplaced, reason);
  }

  private static Map<SessionGuarantee, Verdict> undecidedUnlessViolated(Map<SessionGuarantee, Integer> counts) {
    Map<SessionGuarantee, Verdict> out = new EnumMap<>(SessionGuarantee.class);
    for (SessionGuarantee g : SessionGuarantee.values()) out.put(g, counts.containsKey(g) ? Verdict.INVALID : Verdict.UNKNOWN);
    return out;
  }

  private interface Sink {
    void violation(SessionGuarantee g, SessionViolation v);
  }

  private record Seen(Object value, Operation op) {}

  /** One process's ops on one key, in its own order. Returns how many reads could not be placed. */
  private static long checkSession(String model, Object key, List<Operation> session, VersionOrder order, Sink sink) {
    long unplaced = 0;
    Seen lastWrite = null;
    List<Seen> reads = new ArrayList<>(); // distinct values read so far, most recent last
    for (Operation op : session) {
      Access a = Access.of(model, op);
      if (a.isRead()) {
        if (op.crashed()) continue;
        Object x = a.value();
        if (!order.known(x)) {
          unplaced++;
          continue;
        }
        if (lastWrite != null) {
          List<Object> chain = order.chain(x, lastWrite.value());
          if (chain != null) sink.violation(SessionGuarantee.READ_YOUR_WRITES,
              new SessionViolation(SessionGuarantee.READ_YOUR_WRITES, key, lastWrite.op(), op, chain));
        }
        for (int i = reads.size() - 1; i >= 0; i--) {
          List<Object> chain = order.chain(x, reads.get(i).value());
          if (chain != null) {
            sink.violation(SessionGuarantee.MONOTONIC_READS, new SessionViolation(SessionGuarantee.MONOTONIC_READS, key, reads.get(i).op(), op, chain));
            break;
          }
        }
        reads.removeIf(s -> s.value().equals(x));
        reads.add(new Seen(x, op));
        if (reads.size() > REMEMBERED_READS) reads.removeFirst();
      } else if (a.isWrite()) {
        Object v = a.value();
        if (order.known(v)) {
          if (lastWrite != null) {
            List<Object> chain = order.chain(v, lastWrite.value());
            if (chain != null) sink.violation(SessionGuarantee.MONOTONIC_WRITES,
                new SessionViolation(SessionGuarantee.MONOTONIC_WRITES, key, lastWrite.op(), op, chain));
          }
          for (int i = reads.size() - 1; i >= 0; i--) {
            List<Object> chain = order.chain(v, reads.get(i).value());
            if (chain != null) {
              sink.violation(SessionGuarantee.WRITES_FOLLOW_READS,
                  new SessionViolation(SessionGuarantee.WRITES_FOLLOW_READS, key, reads.get(i).op(), op, chain));
              break;
            }
          }
        }
        // A crashed write may not have taken effect: the process need not see it (and it is the
        // process's last op anyway).
        if (!op.crashed()) lastWrite = order.known(v) ? new Seen(v, op) : null;
      }
    }
    return unplaced;
  }

  private static final Object NO_KEY = new Object();
}
