package faultline.workloads;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.model.Models;
import faultline.workloads.cache.CacheAsideVariant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A register per key kept in a PostgreSQL row with a Redis entry caching it ({@link
 * CacheAsideVariant}): the register workload's reads and writes (every value new), checked for
 * linearizability and, beside it, the weaker models down to the session guarantees. The
 * application promises its readers the row, whether the cache or the table answered; a value the
 * cache keeps after a later write has been acknowledged is a stale read, and the witness names
 * the ops around it.
 */
public final class CacheAsideWorkload implements Workload {
  /** The registry's entry ({@link Workloads#ALL}). */
  public static final WorkloadKind KIND = WorkloadKind.named("cache-aside")
      .shows("a register per key in a PostgreSQL row, cached in Redis: read (the cache, else the row, then fill) and write "
          + "(the row, then the entry); checked for linearizability and the session guarantees")
      .make(settings -> new CacheAsideWorkload())
      .clients(CacheAsideVariant.COMMON, CacheAsideVariant.DELETE_FIRST, CacheAsideVariant.VERSIONED)
      .build();

  /** What a violation's explanation adds: where the stale value came from. */
  static final String SERVED_BY_CACHE = "The stale value was served by the Redis cache: a read that missed took the row's "
      + "value before a write, and filled the entry with it after that write had deleted (or replaced) the entry, so the "
      + "cache kept the old value while the table held the new one.";

  private final RegisterWorkload register = new RegisterWorkload(false);

  @Override
  public String name() {
    return KIND.name();
  }

  @Override
  public String keyPrefix() {
    return "k";
  }

  @Override
  public boolean finalReads() {
    return false;
  }

  /** The register's checks, against the register model (reads and writes: no cas), saying when invalid that the cache served the stale value. */
  @Override
  public Map<String, Checker> checkers(CheckOptions options) {
    Checker linearizable = new LinearizableCheck(Models.byName("register", null), options.timeLimit(), options.progress());
    return Map.of(LinearizableCheck.NAME, (history, budget) -> servedByCache(linearizable.check(history, budget)));
  }

  static Result servedByCache(Result r) {
    if (r.verdict() != Verdict.INVALID) return r;
    List<Explanation> explanations = new ArrayList<>(r.explanations());
    // Right after the witness, before the table of models.
    int witness = explanations.stream().map(Explanation::type).toList().indexOf("not-linearizable");
    explanations.add(witness + 1, Explanation.text("served-by-cache", SERVED_BY_CACHE));
    return new Result(r.name(), r.verdict(), r.summary(), r.reason(), explanations, r.witness(), r.ruledOut(), r.details(), r.parts());
  }

  @Override
  public KeyOps newKey(String key) {
    return register.newKey(key);
  }
}
