package faultline.checker.txn;

import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Jepsen's long-fork checker: each key is written once ({@code [w k v]}), and reads read groups of
 * keys at once. Under snapshot isolation, writes become visible in one order for everyone, so of
 * two reads of the same keys one must have seen everything the other saw. A long fork is two reads
 * that order two writes both ways: one saw x written and not y, the other y and not x.
 */
final class LongForkChecker {
  private LongForkChecker() {}

  /** Most pairs reported; the verdict needs one. */
  private static final int EXAMPLES = 16;

  static TxnResult check(TxnHistory history) throws MalformedHistoryException {
    long started = System.nanoTime();
    Map<Object, Txn> writer = new LinkedHashMap<>();
    // Reads grouped by the keys they read: only reads of the same keys are compared, as Jepsen does.
    Map<List<Object>, List<Txn>> groups = new LinkedHashMap<>();
    int ok = 0, info = 0, fail = 0;
    for (Txn t : history.txns()) {
      switch (t.outcome()) {
        case OK -> ok++;
        case INFO -> info++;
        default -> fail++;
      }
      boolean reads = false;
      for (MicroOp m : t.mops()) {
        if (m.kind() == MicroOp.Kind.APPEND) {
          throw new MalformedHistoryException(history.source(), t.line(), "micro-op " + m + " is an append; long-fork writes with [w k v]");
        }
        if (m.kind() == MicroOp.Kind.WRITE) {
          Txn earlier = writer.putIfAbsent(m.key(), t);
          if (earlier != null) {
            throw new MalformedHistoryException(history.source(), t.line(), "key " + Values.show(m.key())
                + " is written again (first by " + earlier.describe() + "); long-fork writes each key once");
          }
        } else {
          reads = true;
        }
      }
      if (reads && t.committed()) {
        List<Object> keys = new ArrayList<>();
        for (MicroOp m : t.mops()) if (m.isRead()) keys.add(m.key());
        keys = new ArrayList<>(new TreeSet<>(keys.stream().map(String::valueOf).toList()));
        groups.computeIfAbsent(keys, x -> new ArrayList<>()).add(t);
      }
    }
    List<Anomaly> forks = new ArrayList<>();
    for (List<Txn> group : groups.values()) {
      for (int i = 0; i < group.size() && forks.size() < EXAMPLES; i++) {
        for (int j = i + 1; j < group.size() && forks.size() < EXAMPLES; j++) {
          Anomaly a = fork(group.get(i), group.get(j));
          if (a != null) forks.add(a);
        }
      }
    }
    Map<String, List<Anomaly>> found = new LinkedHashMap<>();
    if (!forks.isEmpty()) found.put("long-fork", forks);
    return TxnResult.of(TxnWorkload.LONG_FORK, forks.isEmpty() ? Verdict.VALID : Verdict.INVALID, ok, info, fail, found,
        history.faultWindows(), Math.round((System.nanoTime() - started) / 1e4) / 100.0);
  }

  /** The two reads as a long fork: a key only the first saw written and a key only the second saw. */
  private static Anomaly fork(Txn a, Txn b) {
    Object onlyA = null, onlyB = null;
    for (MicroOp x : a.mops()) {
      if (!x.isRead()) continue;
      for (MicroOp y : b.mops()) {
        if (!y.isRead() || !Objects.equals(x.key(), y.key())) continue;
        if (x.value() != null && y.value() == null) onlyA = x.key();
        if (x.value() == null && y.value() != null) onlyB = x.key();
      }
    }
    if (onlyA == null || onlyB == null) return null;
    return Anomaly.of("long-fork", List.of(a, b), a.name() + " " + a.showMops() + " saw key " + Values.show(onlyA) + " written and not key "
        + Values.show(onlyB) + ", while " + b.name() + " " + b.showMops() + " saw key " + Values.show(onlyB) + " written and not key "
        + Values.show(onlyA) + ": no single order of the two writes explains both reads");
  }
}
