package faultline.workloads;

/**
 * A place inside an operation, between two of its steps, where the worker running it may be
 * frozen by the {@code client-pause} fault, as a long garbage-collection pause or a descheduled
 * process would freeze it there: between reading a counter and writing it back, between taking a
 * lock and using it. Other workers go on meanwhile; the frozen one resumes where it stopped, with
 * what it read before, which may no longer be true.
 *
 * <p>A client whose operation has such steps calls {@link #await} between them (see
 * {@link Client#invoke(Invocation, PausePoint)}); an operation of one step has no pause point,
 * because freezing a worker before or after its only step is what a slow network already shows.
 */
@FunctionalInterface
public interface PausePoint {
  /** No fault ever freezes here: for clients used outside a run, and tests. */
  PausePoint NONE = () -> {};

  /**
   * Returns at once, unless a client pause is set on this worker: then when the pause ends. A
   * worker interrupted while frozen (a run abandoning it) keeps its interrupt status and gets a
   * {@link java.util.concurrent.CancellationException}: its operation's later steps never run,
   * and the op is recorded {@code info} like any exception.
   */
  void await();
}
