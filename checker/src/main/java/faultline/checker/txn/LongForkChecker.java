package faultline.checker.txn;

import faultline.checker.NothingToJudge;
import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Jepsen's long-fork checker: each key is written once ({@code [w k v]}), and reads read groups of
 * keys at once. Under snapshot isolation, writes become visible in one order for everyone, so of
 * two reads of the same keys one must have seen everything the other saw. A long fork is two reads
 * that order two writes both ways: one saw x written and not y, the other y and not x.
 *
 * <p>Comparing every pair of reads is quadratic (20,000 reads of 4 keys: 200 million pairs), so
 * reads are first reduced to what they saw (which keys written, which not), as Jepsen does with
 * {@code distinct}: 4 keys allow at most 16 distinct reads. When every read read each key once, the
 * sets of keys seen written must form a chain: sorted by size, each must hold the one before, and
 * the first that does not is a fork. Pairs are compared only to show examples, within the budget.
 */
public final class LongForkChecker {
  private LongForkChecker() {}

  /** Most pairs reported; the verdict needs one. */
  private static final int EXAMPLES = 16;

  static TxnResult check(TxnHistory history, Budget budget) throws MalformedHistoryException {
    return check(history, budget, 0);
  }

  /**
   * @param groupSize reads are compared within groups of this many integer keys (Jepsen's and
   *     elle-cli's {@code --group-size}: keys 0..n-1, n..2n-1, ...); 0 to compare reads of the same keys
   */
  public static TxnResult check(TxnHistory history, Budget budget, int groupSize) throws MalformedHistoryException {
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
            throw new MalformedHistoryException(history.source(), t.line(), "key " + Values.brief(m.key(), "key")
                + " is written again (first by " + earlier.describe() + "); long-fork writes each key once");
          }
        } else {
          reads = true;
        }
      }
      if (reads && t.committed()) {
        List<Object> keys = new ArrayList<>();
        if (groupSize > 0) {
          keys.add(group(history, t, groupSize));
        } else {
          for (MicroOp m : t.mops()) if (m.isRead()) keys.add(m.key());
          keys = new ArrayList<>(new TreeSet<>(keys.stream().map(String::valueOf).toList()));
        }
        groups.computeIfAbsent(keys, x -> new ArrayList<>()).add(t);
      }
      if (budget.timeIsUp()) return outOfTime(history, ok, info, fail, started);
    }
    if (groups.isEmpty()) {
      return TxnResult.of(TxnWorkload.LONG_FORK, NothingToJudge.verdict(ok, info, fail), ok, info, fail, Map.of(), history.faultWindows(),
          millis(started), NothingToJudge.reason(ok, info, fail, "committed read"));
    }
    List<Anomaly> forks = new ArrayList<>();
    boolean forked = false;
    for (List<Txn> all : groups.values()) {
      List<Txn> group = distinct(all);
      if (budget.timeIsUp()) return outOfTime(history, ok, info, fail, started);
      Anomaly first;
      try {
        first = chainBreak(group, budget);
      } catch (OutOfTime e) {
        return outOfTime(history, ok, info, fail, started);
      }
      if (first == null) continue;
      forked = true;
      // Examples: the first break, then pairs, as far as the budget allows (the verdict is decided).
      if (forks.size() < EXAMPLES) forks.add(first);
      for (int i = 0; i < group.size() && forks.size() < EXAMPLES && !budget.timeIsUp(); i++) {
        for (int j = i + 1; j < group.size() && forks.size() < EXAMPLES; j++) {
          Anomaly a = fork(group.get(i), group.get(j));
          if (a != null && !sameReads(a, first)) forks.add(a);
        }
      }
    }
    Map<String, List<Anomaly>> found = new LinkedHashMap<>();
    if (forked) found.put("long-fork", forks);
    return TxnResult.of(TxnWorkload.LONG_FORK, forked ? Verdict.INVALID : Verdict.VALID, ok, info, fail, found,
        history.faultWindows(), millis(started));
  }

  private static double millis(long started) {
    return Math.round((System.nanoTime() - started) / 1e4) / 100.0;
  }

  private static TxnResult outOfTime(TxnHistory history, int ok, int info, int fail, long started) {
    return TxnResult.of(TxnWorkload.LONG_FORK, Verdict.UNKNOWN, ok, info, fail, Map.of(), history.faultWindows(), millis(started),
        "the long-fork check ran out of its time budget");
  }

  /** The group of integer keys a read belongs to, by its first key: Jepsen's {@code group-for}. */
  private static Object group(TxnHistory history, Txn t, int groupSize) throws MalformedHistoryException {
    for (MicroOp m : t.mops()) {
      if (!m.isRead()) continue;
      if (!(m.key() instanceof Long k)) {
        throw new MalformedHistoryException(history.source(), t.line(), "key " + Values.brief(m.key(), "key") + " is not an integer; --group-size needs integer keys");
      }
      return Math.floorDiv(k, (long) groupSize);
    }
    throw new IllegalStateException("a read without a read");
  }

  /** What a read saw, per key: written (true) or not (false); a key read both ways holds both. */
  private record Seen(Map<Object, Byte> keys) {
    static Seen of(Txn t) {
      Map<Object, Byte> keys = new HashMap<>();
      for (MicroOp m : t.mops()) if (m.isRead()) keys.merge(m.key(), (byte) (m.value() != null ? 1 : 2), (a, b) -> (byte) (a | b));
      return new Seen(keys);
    }

    long written() {
      return keys.values().stream().filter(b -> (b & 1) != 0).count();
    }
  }

  /** One read per distinct thing seen, the first of each, in history order. */
  private static List<Txn> distinct(List<Txn> reads) {
    Map<Seen, Txn> first = new LinkedHashMap<>();
    for (Txn t : reads) first.putIfAbsent(Seen.of(t), t);
    return new ArrayList<>(first.values());
  }

  /** The budget ran out while comparing pairs. */
  private static final class OutOfTime extends RuntimeException {
    OutOfTime() {
      super(null, null, false, false);
    }
  }

  /**
   * A fork among distinct reads, found without comparing every pair when they all read the same
   * keys, each once: sorted by how many keys each saw written, consecutive reads must not fork.
   * Such reads are totally ordered exactly when consecutive ones are, so null then means none.
   * Otherwise (reads of different keys in one --group-size group, or a key read twice in one
   * transaction) every pair is compared, within the budget.
   */
  private static Anomaly chainBreak(List<Txn> group, Budget budget) {
    Map<Txn, Long> written = new HashMap<>();
    Set<Object> keys = null;
    boolean simple = true;
    for (Txn t : group) {
      Seen seen = Seen.of(t);
      written.put(t, seen.written());
      simple &= seen.keys().values().stream().noneMatch(b -> b == 3) && (keys == null || keys.equals(seen.keys().keySet()));
      keys = seen.keys().keySet();
    }
    if (simple) {
      List<Txn> sorted = new ArrayList<>(group);
      sorted.sort(Comparator.comparingLong(written::get));
      for (int i = 0; i + 1 < sorted.size(); i++) {
        Anomaly a = fork(sorted.get(i), sorted.get(i + 1));
        if (a != null) return a;
      }
      return null;
    }
    for (int i = 0; i < group.size(); i++) {
      if (budget.timeIsUp()) throw new OutOfTime();
      for (int j = i + 1; j < group.size(); j++) {
        Anomaly a = fork(group.get(i), group.get(j));
        if (a != null) return a;
      }
    }
    return null;
  }

  private static boolean sameReads(Anomaly a, Anomaly b) {
    return a.txns().containsAll(b.txns()) && b.txns().containsAll(a.txns());
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
    return Anomaly.of("long-fork", List.of(a, b), a.name() + " " + a.showMops() + " saw key " + Values.brief(onlyA, "key") + " written and not key "
        + Values.brief(onlyB, "key") + ", while " + b.name() + " " + b.showMops() + " saw key " + Values.brief(onlyB, "key") + " written and not key "
        + Values.brief(onlyA, "key") + ": no single order of the two writes explains both reads");
  }
}
