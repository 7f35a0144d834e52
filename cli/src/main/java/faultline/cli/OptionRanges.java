package faultline.cli;

import java.time.Duration;

/**
 * The ranges numeric options must lie in, checked before anything starts: picocli accepts
 * {@code Infinity}, {@code NaN} and {@code 1e20} as doubles, and durations that large overflow
 * later (a run would fail only after its environment had started).
 */
final class OptionRanges {
  /** A year: longer limits are typing mistakes, and nanoseconds since any start still fit in a long. */
  static final double MAX_SECONDS = 365 * 24 * 3600;
  /** 16 TiB in MiB: more than any heap, and {@code MiB << 20} still fits in a long. */
  static final long MAX_MEBIBYTES = 1L << 24;

  private OptionRanges() {}

  /** Seconds greater than 0 and at most a year, as a Duration. */
  static Duration positiveSeconds(String option, double seconds) {
    if (!(seconds > 0) || seconds > MAX_SECONDS) {
      throw new UserError(ExitCode.USAGE, option + " must be a number of seconds above 0 and at most " + (long) MAX_SECONDS + " (a year), got " + seconds);
    }
    return toDuration(seconds);
  }

  /** Seconds from 0 to a year, as a Duration. */
  static Duration seconds(String option, double seconds) {
    if (!(seconds >= 0) || seconds > MAX_SECONDS) {
      throw new UserError(ExitCode.USAGE, option + " must be a number of seconds from 0 to " + (long) MAX_SECONDS + " (a year), got " + seconds);
    }
    return toDuration(seconds);
  }

  /** A finite number from 0 up, such as a rate. */
  static double finiteNotNegative(String option, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) throw new UserError(ExitCode.USAGE, option + " must be a finite number from 0 up, got " + value);
    return value;
  }

  /** MiB from 1 to 16 TiB, in bytes. */
  static long mebibytes(String option, long mebibytes) {
    if (mebibytes < 1 || mebibytes > MAX_MEBIBYTES) {
      throw new UserError(ExitCode.USAGE, option + " must be a number of MiB from 1 to " + MAX_MEBIBYTES + ", got " + mebibytes);
    }
    return mebibytes << 20;
  }

  private static Duration toDuration(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
