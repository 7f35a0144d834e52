package faultline.workloads;

import faultline.checker.Checker;
import faultline.checker.lock.FencingChecker;
import faultline.checker.lock.LockOps;
import faultline.checker.lock.MutexChecker;
import faultline.checker.lock.ProtectedCounterChecker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A lock per key, and the counter it protects. The generator asks for {@code acquire} (a
 * try-lock) and now and then a {@code read} of the counter; a process that acquired runs its
 * critical section at once ({@link Client#next}): an {@code add}, a read-modify-write of the
 * counter with a pause point between the read and the write (where {@code client-pause} stalls a
 * holder past its lease), then a {@code release}. The ops' values are {@link LockOps}'.
 *
 * <p>Unfenced, the checks are the lock's own history as a {@code mutex} and the protected counter
 * (a lost update means exclusion failed). Fenced ({@code fenced-lock}: each acquire gets a token,
 * and the resource refuses writes with a token older than one it has seen), two holders at once
 * are expected when a lease runs out under a stalled holder, and what matters is that nothing
 * protected is lost: the checks are the protected counter and {@code fencing}, which counts the
 * two-holder moments and the refused stale writes.
 */
public final class LockWorkload implements Workload {
  /** How often (in ten) the generator reads the counter rather than trying to acquire. */
  private static final int READS_IN_TEN = 2;

  private final boolean fenced;

  public LockWorkload(boolean fenced) {
    this.fenced = fenced;
  }

  @Override
  public String name() {
    return fenced ? "fenced-lock" : "lock";
  }

  @Override
  public String keyPrefix() {
    return "l";
  }

  @Override
  public boolean finalReads() {
    return true;
  }

  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    Map<String, Checker> out = new LinkedHashMap<>();
    if (!fenced) out.put(MutexChecker.NAME, new MutexChecker());
    out.put(ProtectedCounterChecker.NAME, new ProtectedCounterChecker());
    if (fenced) out.put(FencingChecker.NAME, new FencingChecker());
    return out;
  }

  @Override
  public KeyOps newKey(String key) {
    return new KeyOps() {
      @Override
      public Invocation next(SplittableRandom random) {
        return random.nextInt(10) < READS_IN_TEN ? new Invocation(LockOps.READ, key, null) : new Invocation(LockOps.ACQUIRE, key, null);
      }

      @Override
      public Invocation finalRead() {
        return new Invocation(LockOps.READ, key, null);
      }
    };
  }
}
