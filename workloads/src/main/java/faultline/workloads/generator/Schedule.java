package faultline.workloads.generator;

import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A total rate limit shared by all workers: op i may start at its slot, slots spaced
 * {@code 1/rate} apart on average with jitter of ±50% so workers do not march in lockstep (lockstep
 * hides races that real clients hit). A rate of 0 or less means no limit.
 *
 * <p>If the workers fall behind (the database stalls) the schedule does not bank the missed slots
 * for more than a second: a stall is followed by the normal rate, not a burst.
 */
public final class Schedule {
  private static final long MAX_BACKLOG_NANOS = 1_000_000_000L;
  private final double intervalNanos;
  private final SplittableRandom jitter;
  private long last = Long.MIN_VALUE;
  private final ReentrantLock lock = new ReentrantLock(); // not a monitor: see Generator

  public Schedule(double opsPerSecond, long seed) {
    this.intervalNanos = opsPerSecond > 0 ? 1e9 / opsPerSecond : 0;
    this.jitter = new SplittableRandom(seed ^ 0x5DEECE66DL);
  }

  public boolean limited() {
    return intervalNanos > 0;
  }

  /** The {@link System#nanoTime()} at which the next op may start. */
  public long nextSlot(long now) {
    if (!limited()) return now;
    lock.lock();
    try {
      if (last == Long.MIN_VALUE || now - last > MAX_BACKLOG_NANOS) last = now;
      last += (long) (intervalNanos * (0.5 + jitter.nextDouble()));
      return last;
    } finally {
      lock.unlock();
    }
  }
}
