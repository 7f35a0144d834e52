package faultline.checker.linear;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The time and memory a check may use, shared by the searches running in parallel. A search that
 * would go past it stops with "unknown" rather than run out of memory or run for ever; the first
 * violation found cancels the other searches through the same object.
 */
public final class Budget {
  private final long deadlineNanos;
  private final long memoryBytes;
  private final AtomicLong usedBytes = new AtomicLong();
  private volatile boolean cancelled;

  private Budget(long deadlineNanos, long memoryBytes) {
    this.deadlineNanos = deadlineNanos;
    this.memoryBytes = memoryBytes;
  }

  /**
   * @param time how long the check may run; null for no limit
   * @param memoryBytes how much the searches' caches may hold; 0 for a default share of the heap
   */
  public static Budget of(Duration time, long memoryBytes) {
    long deadline = time == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(0, time.toNanos());
    long memory = memoryBytes > 0 ? memoryBytes : defaultMemory();
    return new Budget(deadline, memory);
  }

  public static Budget unlimited() {
    return of(null, 0);
  }

  /** Half the heap: the rest holds the history itself and what the searches keep outside caches. */
  private static long defaultMemory() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /**
   * A budget with this one's deadline and memory, but nothing used and not cancelled: for the
   * next checker of a composition (a search cancels its budget when it finds a violation).
   */
  public Budget fresh() {
    return new Budget(deadlineNanos, memoryBytes);
  }

  /** {@link #fresh}, but done within {@code cap} from now if that comes before this one's deadline. */
  public Budget within(Duration cap) {
    long capped = System.nanoTime() + Math.max(0, cap.toNanos());
    return new Budget(hasDeadline() && deadlineNanos - capped < 0 ? deadlineNanos : capped, memoryBytes);
  }

  /** Whether it has a time limit at all. */
  public boolean hasDeadline() {
    return deadlineNanos != Long.MAX_VALUE;
  }

  /** The deadline on {@link System#nanoTime}'s scale; {@link Long#MAX_VALUE} for none. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  public boolean timeIsUp() {
    return deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0;
  }

  /** Records {@code bytes} more in use; false when that goes past the budget. */
  public boolean reserve(long bytes) {
    return usedBytes.addAndGet(bytes) <= memoryBytes;
  }

  public void release(long bytes) {
    usedBytes.addAndGet(-bytes);
  }

  public long memoryBytes() {
    return memoryBytes;
  }

  public void cancel() {
    cancelled = true;
  }

  public boolean cancelled() {
    return cancelled;
  }
}
