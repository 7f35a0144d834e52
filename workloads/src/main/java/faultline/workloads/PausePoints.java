package faultline.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link PausePoint}s of a run's workers, and the control a {@code client-pause} fault uses:
 * {@link #pause} sets a pause on one worker, which freezes at its next pause point and stays
 * frozen until {@link #resume} (or {@link #resumeAll}, the heal); a worker that reaches no pause
 * point meanwhile is not frozen at all, and {@link #resume} says so.
 */
public final class PausePoints {
  /** The longest a worker stays frozen whoever forgets to resume it: the heal normally comes first. */
  static final long MAX_FROZEN_NANOS = TimeUnit.MINUTES.toNanos(10);

  private final List<Worker> workers = new ArrayList<>();

  public PausePoints(int workers) {
    for (int i = 0; i < workers; i++) this.workers.add(new Worker());
  }

  /** How many workers there are (indices 0 to workers - 1). */
  public int workers() {
    return workers.size();
  }

  /** The pause point of worker {@code index} while it runs as {@code process}, which the worker passes to its client. */
  public PausePoint of(int index, long process) {
    Worker worker = workers.get(index);
    return () -> worker.await(process);
  }

  /** Sets a pause on worker {@code index}: it freezes at its next pause point. False when one is set already. */
  public boolean pause(int index) {
    return workers.get(index).pause();
  }

  /** A worker's freeze under one pause: the logical process it ran as, and for how long it was frozen. */
  public record Freeze(long process, long millis) {}

  /**
   * Lifts the pause of worker {@code index} and wakes it, if frozen. Returns its freeze, or null
   * when it reached no pause point while the pause was set.
   */
  public Freeze resume(int index) {
    return workers.get(index).resume();
  }

  /** Lifts every pause (the heal). */
  public void resumeAll() {
    workers.forEach(Worker::resume);
  }

  /** One worker's pause: a lock rather than synchronized, so a frozen virtual thread does not pin its carrier. */
  private static final class Worker {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private boolean paused;
    private long frozenAt = -1; // System.nanoTime() when the worker froze under the current pause
    private long frozenNanos = -1;
    private long frozenProcess = -1;

    boolean pause() {
      lock.lock();
      try {
        if (paused) return false;
        paused = true;
        frozenAt = -1;
        frozenNanos = -1;
        frozenProcess = -1;
        return true;
      } finally {
        lock.unlock();
      }
    }

    Freeze resume() {
      lock.lock();
      try {
        long frozen = frozenAt >= 0 ? System.nanoTime() - frozenAt : frozenNanos;
        paused = false;
        resumed.signalAll();
        return frozen < 0 ? null : new Freeze(frozenProcess, TimeUnit.NANOSECONDS.toMillis(frozen));
      } finally {
        lock.unlock();
      }
    }

    void await(long process) {
      lock.lock();
      try {
        if (!paused || frozenProcess >= 0) return; // one freeze per pause: the worker's next steps run
        long start = System.nanoTime();
        frozenAt = start;
        frozenProcess = process;
        long left = MAX_FROZEN_NANOS;
        try {
          while (paused && left > 0) left = resumed.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("the run abandoned process " + process + " while a client pause froze it");
        } finally {
          frozenNanos = System.nanoTime() - start;
          frozenAt = -1;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
