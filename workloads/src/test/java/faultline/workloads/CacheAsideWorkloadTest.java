package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cache-aside workload's check on hand-made registers: a stale read is named the cache's; a fresh history is valid. */
class CacheAsideWorkloadTest {
  private final Checker check = new CacheAsideWorkload().checkers(new CheckOptions("cas-register", Duration.ofSeconds(10)))
      .get(LinearizableCheck.NAME);

  /** Process p's op f with value v on key k0, invoked and completed before the next. */
  private static void op(List<Op> h, long p, String f, Long invoked, Long completed) {
    h.add(new Op(h.size(), Op.NO_TIME, Process.client(p), OpType.INVOKE, f, "k0", invoked, null));
    h.add(new Op(h.size(), Op.NO_TIME, Process.client(p), OpType.OK, f, "k0", completed, null));
  }

  private static List<String> types(Result r) {
    return r.explanations().stream().map(Explanation::type).toList();
  }

  @Test
  void aReadOfTheValueBeforeAnAcknowledgedWriteIsStaleAndTheCacheServedIt() throws Exception {
    List<Op> h = new ArrayList<>();
    op(h, 1, "write", 1L, 1L);
    op(h, 2, "read", null, 1L);
    op(h, 1, "write", 2L, 2L);
    op(h, 2, "read", null, 1L); // the entry a stalled reader filled after write 2 deleted it
    Result r = check.check(History.of("stale", h), Budget.of(Duration.ofSeconds(10), 0));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(types(r)).containsSubsequence("not-linearizable", "served-by-cache");
    assertThat(r.lines()).anyMatch(line -> line.contains("served by the Redis cache"));
  }

  @Test
  void readsOfTheLatestWriteAreValidAndBlameNothing() throws Exception {
    List<Op> h = new ArrayList<>();
    op(h, 1, "read", null, null);
    op(h, 1, "write", 1L, 1L);
    op(h, 2, "read", null, 1L);
    op(h, 1, "write", 2L, 2L);
    op(h, 2, "read", null, 2L);
    Result r = check.check(History.of("fresh", h), Budget.of(Duration.ofSeconds(10), 0));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(types(r)).doesNotContain("served-by-cache");
  }
}
