package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.jobs.JobsChecker;
import faultline.checker.leaderboard.Leaderboard;
import faultline.checker.lock.LockOps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Picks a model of {@link Models} from the functions a history uses, when the user names none. */
public final class ModelGuess {
  private ModelGuess() {}

  /** Guesses from every client operation, failed ones included (a failed cas still says cas). */
  public static String guess(PairedHistory history) {
    List<Operation> all = new ArrayList<>(history.operations());
    all.addAll(history.failedOperations());
    return guess(all);
  }

  public static String guess(List<Operation> operations) {
    Set<String> fs = new HashSet<>();
    boolean collectionReads = false;
    boolean tokens = false;
    for (Operation op : operations) {
      fs.add(op.f());
      if (op.f().equals("read") && op.output() instanceof Collection<?>) collectionReads = true;
      if (op.f().equals(LockOps.ADD) && (hasToken(op.input()) || hasToken(op.output()))) tokens = true;
    }
    if (fs.contains("txn")) return Models.MULTI_REGISTER.name();
    // The workloads judged by checkers of their own, by the functions only they use.
    if (fs.contains(JobsChecker.SCHEDULE) || fs.contains(JobsChecker.RUN) || fs.contains(JobsChecker.PENDING)) return Models.JOBS.name();
    if (fs.contains(Leaderboard.INCR) || fs.contains(Leaderboard.SCORE) || fs.contains(Leaderboard.TOP)) return Models.LEADERBOARD.name();
    if (fs.contains("set") || fs.contains("refresh")) return Models.SESSION.name(); // before kv: a session is read by get
    if (fs.contains("get") || fs.contains("put") || fs.contains("append")) return Models.KV.name();
    if (fs.contains("cas")) return Models.CAS_REGISTER.name();
    if (fs.contains(LockOps.ACQUIRE) || fs.contains(LockOps.RELEASE)) {
      // Knossos' mutex is acquires and releases alone; the lock workload's holders also add to the counter the lock protects.
      if (!fs.contains(LockOps.ADD) && !fs.contains(LockOps.READ)) return Models.MUTEX.name();
      return (tokens ? Models.FENCED_LOCK : Models.LOCK).name();
    }
    // The weaker queue: a history that needs FIFO order says so with --model fifo-queue.
    if (fs.contains("enqueue") || fs.contains("dequeue")) return Models.UNORDERED_QUEUE.name();
    if (fs.contains("add")) return (collectionReads ? Models.SET : Models.COUNTER).name();
    return Models.REGISTER.name();
  }

  /** Whether a value carries a fencing token, as the fenced lock's writes to the resource do (what fencing checks). */
  private static boolean hasToken(Object value) {
    return value instanceof Map<?, ?> m && m.containsKey(LockOps.TOKEN);
  }
}
