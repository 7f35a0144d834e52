package faultline.checker.model;

import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
    for (Operation op : operations) {
      fs.add(op.f());
      if (op.f().equals("read") && op.output() instanceof Collection<?>) collectionReads = true;
    }
    if (fs.contains("txn")) return Models.MULTI_REGISTER.name();
    if (fs.contains("get") || fs.contains("put") || fs.contains("append")) return Models.KV.name();
    if (fs.contains("cas")) return Models.CAS_REGISTER.name();
    if (fs.contains("acquire") || fs.contains("release")) return Models.MUTEX.name();
    // The weaker queue: a history that needs FIFO order says so with --model fifo-queue.
    if (fs.contains("enqueue") || fs.contains("dequeue")) return Models.UNORDERED_QUEUE.name();
    if (fs.contains("add")) return (collectionReads ? Models.SET : Models.COUNTER).name();
    return Models.REGISTER.name();
  }
}
