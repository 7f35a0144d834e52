package faultline.workloads.redis;

import faultline.workloads.Completion;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;

/**
 * What a Lettuce exception says about an op. An error reply from the server (READONLY, OOM,
 * NOSCRIPT, ...) means Redis refused the command before executing it: {@code fail}. A timeout or
 * a broken connection leaves the op unknown: {@code info}. Anything else is doubt, so {@code info}.
 */
final class RedisOutcomes {
  private RedisOutcomes() {}

  static Completion of(Exception e, long opTimeoutMillis) {
    if (e instanceof RedisCommandExecutionException) return Completion.fail(firstLine(e.getMessage()));
    if (e instanceof NotSent) return Completion.fail(e.getMessage());
    if (e instanceof RedisCommandTimeoutException) return Completion.info("timeout after " + opTimeoutMillis + " ms");
    return Completion.info(e.getClass().getSimpleName() + ": " + firstLine(String.valueOf(e.getMessage())));
  }

  private static String firstLine(String s) {
    int newline = s.indexOf('\n');
    return newline < 0 ? s : s.substring(0, newline);
  }
}
