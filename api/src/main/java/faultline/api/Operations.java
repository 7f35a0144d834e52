package faultline.api;

import java.util.SplittableRandom;

/**
 * Your own workload's operations: the next operation on a key, drawn from the test's seeded random
 * source (so a seed repeats a test's operations). Called under a lock, one call at a time.
 */
@FunctionalInterface
public interface Operations {

  /**
   * The next operation on {@code key}.
   *
   * @param key the key, one of the workload's keys in flight
   * @param random the test's seeded source; draw from it only
   * @return the operation
   */
  Invocation next(String key, SplittableRandom random);
}
