package faultline.workloads;

import java.time.Duration;

/**
 * The shape of one run's load. Recorded in {@code test.json} with the seed, so a run can be
 * repeated.
 *
 * @param concurrency workers, each a logical process at a time
 * @param timeLimit how long the main phase generates ops
 * @param rate total ops per second over all workers; 0 for as fast as they go
 * @param keysInFlight how many keys receive ops at once
 * @param opsPerKey ops a key receives before a fresh key replaces it
 * @param recoveryWait the pause between the main phase and the final reads
 * @param finalReadAttempts how often a final read that did not succeed is tried again
 */
public record RunConfig(
    int concurrency,
    Duration timeLimit,
    double rate,
    int keysInFlight,
    int opsPerKey,
    long seed,
    Duration recoveryWait,
    int finalReadAttempts) {

  public RunConfig {
    if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1");
    if (timeLimit.isNegative() || timeLimit.isZero()) throw new IllegalArgumentException("the time limit must be positive");
    if (rate < 0) throw new IllegalArgumentException("the rate must not be negative");
    if (keysInFlight < 1) throw new IllegalArgumentException("keys must be at least 1");
    if (opsPerKey < 1) throw new IllegalArgumentException("ops per key must be at least 1");
  }
}
