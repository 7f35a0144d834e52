package faultline.workloads;

import faultline.checker.history.OpType;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /** results.json's "stats": the counts, the load, the rate and the latency percentiles in ms. */
  public Map<String, Object> toJson(Runner.Summary summary) {
    Histogram h = latencies();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ok", ok());
    out.put("fail", fail());
    out.put("info", info());
    out.put("load-ops", summary.generated());
    out.put("main-phase-s", summary.mainPhaseNanos() / 1e9);
    out.put("ops-per-s", Math.round(opsPerSecond(summary)));
    out.put("keys", summary.keys());
    out.put("final-reads", summary.finalReads());
    Map<String, Object> latency = new LinkedHashMap<>();
    for (double q : new double[] {50, 90, 99, 99.9}) latency.put("p" + (q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q)), h.getValueAtPercentile(q) / 1000.0);
    latency.put("max", h.getMaxValue() / 1000.0);
    out.put("latency-ms", latency);
    return out;
  }

  /** Completed ops per second of the main phase. */
  public double opsPerSecond(Runner.Summary summary) {
    // Over the main phase: the final reads are few, and the recovery wait would only dilute the rate.
    return completed() / Math.max(1e-9, summary.mainPhaseNanos() / 1e9);
  }
}
