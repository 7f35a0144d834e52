package faultline.checker.lock;

import faultline.checker.history.EventPairs;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lock history's acquires and releases, as Knossos' {@code mutex} model reads them, with one
 * addition: the release the server makes for a holder that crashed.
 *
 * <p>A process whose op ends {@code info} is retired and never used again (Jepsen's rule, and
 * faultline's runner's): a lock it may hold is then released by the server, when its session ends
 * (a PostgreSQL advisory lock, when the connection is gone) or its lease runs out (a Redis TTL). So
 * for each lock a crashed process may hold (its last acquire {@code ok} or {@code info}, released
 * by no {@code ok} or crashed release since) the history here has a release invoked right after the
 * crash and never completed: it may take effect at any time after, as any crashed op. A lost
 * connection that releases a session lock is a release, not a second holder. A lease that runs out
 * while its holder still works (a paused holder) is not: the holder did not crash, and a second
 * holder then is a violation.
 *
 * <p>Events keep their times; their indices are multiplied by one more than the most locks a crash
 * releases (the made releases take the indices right after the crash's), so {@link #original}
 * gives back the index of the history's own event.
 */
final class MutexHistory {
  private final PairedHistory paired;
  private final int madeReleases;
  private final long factor;

  private MutexHistory(PairedHistory paired, int madeReleases, long factor) {
    this.paired = paired;
    this.madeReleases = madeReleases;
    this.factor = factor;
  }

  PairedHistory paired() {
    return paired;
  }

  /** How many releases were made for crashed holders. */
  int madeReleases() {
    return madeReleases;
  }

  /** The index of the history's event behind an event of this one (a made release: the crash's). */
  long original(long index) {
    return index / factor;
  }

  /** Whether {@code op} is a release made for a crashed holder. */
  boolean made(Operation op) {
    return op.invocation().index() % factor != 0;
  }

  /** The crashed holder a made release is for. */
  static Object madeFor(Operation release) {
    return release.invocation().value() instanceof Map<?, ?> m ? m.get("holder") : null;
  }

  /** The acquires, releases and faults of {@code history}, with the releases of crashed holders. */
  static MutexHistory of(History history) throws MalformedHistoryException {
    PairedHistory.of(history); // a malformed history is refused with its own line numbers
    List<Op> ops = history.ops();
    // Per process: the locks it may hold.
    Map<Process, Set<Object>> held = new HashMap<>();
    // Per position of a crash: the locks released after it, for that process.
    Map<Integer, Set<Object>> releasedAfter = new HashMap<>();
    EventPairs.clients(history, new EventPairs.Visitor<Op, RuntimeException>() {
      @Override
      public Op invoked(int position, Op invocation, Op stillOpen) {
        return invocation;
      }

      @Override
      public void completed(int position, Op completion, Op invocation) {
        if (invocation == null) return;
        Set<Object> mine = held.computeIfAbsent(completion.process(), p -> new LinkedHashSet<>());
        Object key = invocation.key();
        if (LockOps.ACQUIRE.equals(completion.f()) && completion.type() != OpType.FAIL) mine.add(key);
        // A crashed release is itself a release that may take effect later: nothing to make.
        if (LockOps.RELEASE.equals(completion.f()) && completion.type() != OpType.FAIL) mine.remove(key);
        if (completion.type() == OpType.INFO && !mine.isEmpty()) {
          releasedAfter.put(position, new LinkedHashSet<>(mine));
          mine.clear();
        }
      }
    });
    long factor = 1 + releasedAfter.values().stream().mapToLong(Set::size).max().orElse(1);
    List<Op> out = new ArrayList<>();
    int made = 0;
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!op.process().isClient() || LockOps.isLockOp(op.f())) out.add(op.withIndex(op.index() * factor));
      Set<Object> released = releasedAfter.get(i);
      if (released == null) continue;
      long next = op.index() * factor;
      for (Object key : released) {
        // Its own process, one per made release: the crashed one is retired, and the made
        // releases of one crash (one per lock it held) are independent.
        Process server = Process.named("server, for crashed process " + op.process() + " on " + key + " (event " + op.index() + ")");
        out.add(new Op(++next, op.time(), server, OpType.INVOKE, LockOps.RELEASE, key,
            Map.of("holder", op.process().label(), "crashed-at", op.index()), null));
        made++;
      }
    }
    return new MutexHistory(PairedHistory.of(History.of(history.source(), out)), made, factor);
  }
}
