package faultline.workloads;

/**
 * One logical process's connection to the database under test, as Jepsen's client protocol has
 * it: a client is used by one worker at a time, and is closed and replaced when its process is
 * retired after an {@code info} (the old op may still be in flight on the old connection).
 *
 * <p>{@link #invoke} classifies outcomes itself, because only the client knows which errors of its
 * database are definite rejections. An exception that escapes it is recorded as {@code info}.
 */
public interface Client extends AutoCloseable {

  Completion invoke(Invocation op) throws Exception;

  /**
   * Runs {@code op} as {@link #invoke(Invocation)} does, calling {@code pause} between the steps of
   * an operation that has several (a read and the write that depends on it), where the
   * {@code client-pause} fault may freeze this worker; the default has no such steps and ignores it.
   */
  default Completion invoke(Invocation op, PausePoint pause) throws Exception {
    return invoke(op);
  }

  /**
   * The op this process runs next, at once and before any other the generator has, after
   * {@code done} ended {@code outcome} ({@code ok} or {@code fail}: an {@code info} retires the
   * process and its client): the next step of a sequence only the client knows, such as a lock
   * holder's write and then its release. Null, the default, for none: the process takes its next
   * op from the generator.
   */
  default Invocation next(Invocation done, Completion outcome) {
    return null;
  }

  @Override
  void close();
}
