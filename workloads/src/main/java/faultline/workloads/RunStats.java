package faultline.workloads;

import faultline.checker.history.OpType;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts of outcomes and a latency histogram, updated by every worker as ops complete and read
 * by the progress line while the run goes on.
 */
public final class RunStats {
  private final LongAdder ok = new LongAdder();
  private final LongAdder fail = new LongAdder();
  private final LongAdder info = new LongAdder();
  // Microseconds, up to an hour, 3 significant digits.
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3_600_000_000L, 3);

  public void record(OpType type, long latencyNanos) {
    switch (type) {
      case OK -> ok.increment();
      case FAIL -> fail.increment();
      case INFO -> info.increment();
      case INVOKE -> throw new IllegalArgumentException("an invocation is not an outcome");
    }
    latencyMicros.recordValue(Math.max(1, Math.min(latencyNanos / 1000, 3_600_000_000L)));
  }

  public long ok() {
    return ok.sum();
  }

  public long fail() {
    return fail.sum();
  }

  public long info() {
    return info.sum();
  }

  public long completed() {
    return ok() + fail() + info();
  }

  /** A copy of the latencies of every completed op, in microseconds. */
  public Histogram latencies() {
    return latencyMicros.copy();
  }
}
