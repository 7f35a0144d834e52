package faultline.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.history.History;
import faultline.checker.lock.LockOps;
import faultline.checker.linear.Budget;
import faultline.checker.model.Models;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The histories of the workloads judged by checkers of their own (lock, fenced-lock, leaderboard,
 * jobs, session) through the front door: guessed from their functions or named, and judged by
 * the checkers their runs compose, each giving the verdict, summary and explanations it gives
 * when called directly. Minimal hand-made histories, one valid and one invalid per workload.
 */
class WorkloadHistoriesTest {
  private static final long MS = 1_000_000L;

  /**
   * Checks {@code h} by the front door, guessed and named, and expects {@code model}, its
   * checkers {@code parts} with their verdicts, and the composed verdict; each part as the
   * checker gives it directly.
   */
  private static Result judged(History h, String model, Map<String, Verdict> parts) throws Exception {
    HistoryCheck guessed = HistoryCheck.of(h);
    assertThat(guessed.modelName()).isEqualTo(model);
    Result r = guessed.check();
    assertThat(r.name()).isEqualTo(model);
    assertThat(r.details()).containsEntry("model", model).containsEntry("model-guessed", true);
    assertThat(r.parts()).extracting(Result::name).containsExactlyElementsOf(parts.keySet());
    Verdict all = Verdict.VALID;
    for (Result part : r.parts()) {
      assertThat(part.verdict()).as(part.name()).isEqualTo(parts.get(part.name()));
      Result direct = Models.kind(model).checkers().get(part.name()).check(h, Budget.unlimited());
      assertThat(part.verdict()).isEqualTo(direct.verdict());
      assertThat(part.summary()).isEqualTo(direct.summary());
      assertThat(part.lines()).isEqualTo(direct.lines());
      assertThat(part.ruledOut()).isEqualTo(direct.ruledOut());
      all = all.and(part.verdict());
    }
    assertThat(r.verdict()).isEqualTo(all);
    Result named = HistoryCheck.of(h).model(model).check();
    assertThat(named.verdict()).isEqualTo(r.verdict());
    assertThat(named.details()).containsEntry("model-guessed", false);
    assertThat(named.parts()).extracting(Result::verdict).isEqualTo(r.parts().stream().map(Result::verdict).toList());
    return r;
  }

  /** Checker names and their verdicts, in the order the composition runs them. */
  private static Map<String, Verdict> parts(Object... nameThenVerdict) {
    Map<String, Verdict> out = new LinkedHashMap<>();
    for (int i = 0; i < nameThenVerdict.length; i += 2) out.put((String) nameThenVerdict[i], (Verdict) nameThenVerdict[i + 1]);
    return out;
  }

  private static Map<String, Object> fenced(long token) {
    return Map.of(LockOps.BY, 1L, LockOps.TOKEN, token);
  }

  @Test
  void aLockHeldInTurnProtectsItsCounter() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", Map.of(LockOps.LEASE_MS, 1000L))
        .invoke(1, "acquire", null).fail(1, "acquire", null)
        .invoke(0, "add", 1L).ok(0, "add", 1L)
        .invoke(0, "release", null).ok(0, "release", null)
        .invoke(1, "acquire", null).ok(1, "acquire", Map.of(LockOps.LEASE_MS, 1000L))
        .invoke(1, "add", 1L).ok(1, "add", 1L)
        .invoke(1, "release", null).ok(1, "release", null)
        .invoke(2, "read", null).ok(2, "read", 2L)
        .build();
    judged(h, "lock", parts("mutex", Verdict.VALID, "resource", Verdict.VALID));
  }

  @Test
  void twoLockHoldersLoseAnIncrement() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .invoke(0, "add", 1L).invoke(1, "add", 1L).ok(0, "add", 1L).ok(1, "add", 1L)
        .invoke(0, "release", null).ok(0, "release", null)
        .invoke(1, "release", null).ok(1, "release", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    Result r = judged(h, "lock", parts("mutex", Verdict.INVALID, "resource", Verdict.INVALID));
    assertThat(r.ruledOut()).contains("mutex");
  }

  @Test
  void aFencedLockRefusesTheStaleHolder() throws Exception {
    // Process 0's lease runs out while it stalls; process 1 acquires with a newer token, and 0's write is refused.
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", Map.of(LockOps.LEASE_MS, 1000L, LockOps.TOKEN, 1L))
        .invoke(0, "add", fenced(1))
        .invoke(1, "acquire", null).ok(1, "acquire", Map.of(LockOps.LEASE_MS, 1000L, LockOps.TOKEN, 2L))
        .invoke(1, "add", fenced(2)).ok(1, "add", fenced(2))
        .fail(0, "add", fenced(1))
        .invoke(0, "release", Map.of(LockOps.TOKEN, 1L)).fail(0, "release", Map.of(LockOps.TOKEN, 1L))
        .invoke(1, "release", Map.of(LockOps.TOKEN, 2L)).ok(1, "release", Map.of(LockOps.TOKEN, 2L))
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    judged(h, "fenced-lock", parts("resource", Verdict.VALID, "fencing", Verdict.VALID));
  }

  @Test
  void aFencedLockThatAcceptsAStaleTokenIsCaught() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", Map.of(LockOps.TOKEN, 1L))
        .invoke(1, "acquire", null).ok(1, "acquire", Map.of(LockOps.TOKEN, 2L))
        .invoke(1, "add", fenced(2)).ok(1, "add", fenced(2))
        .invoke(0, "add", fenced(1)).ok(0, "add", fenced(1))
        .invoke(2, "read", null).ok(2, "read", 2L)
        .build();
    Result r = judged(h, "fenced-lock", parts("resource", Verdict.VALID, "fencing", Verdict.INVALID));
    assertThat(r.ruledOut()).containsExactly("fencing");
  }

  @Test
  void aLeaderboardShowingWhatWasAddedIsValid() throws Exception {
    History h = Histories.history().key("b0")
        .invoke(0, "incr", List.of("ann", 3L)).ok(0, "incr", List.of("ann", 3L))
        .invoke(1, "incr", List.of("bob", 5L)).ok(1, "incr", List.of("bob", 5L))
        .invoke(2, "score", "ann").ok(2, "score", List.of("ann", 3L))
        .invoke(2, "top", 2L).ok(2, "top", List.of(List.of("bob", 5L), List.of("ann", 3L)))
        .build();
    judged(h, "leaderboard", parts("member-scores", Verdict.VALID, "top-k", Verdict.VALID));
  }

  @Test
  void aLeaderboardThatLostAnIncrementIsCaughtByBothChecks() throws Exception {
    History h = Histories.history().key("b0")
        .invoke(0, "incr", List.of("ann", 3L)).ok(0, "incr", List.of("ann", 3L))
        .invoke(1, "incr", List.of("ann", 4L)).ok(1, "incr", List.of("ann", 4L))
        .invoke(2, "score", "ann").ok(2, "score", List.of("ann", 4L))
        .invoke(2, "top", 1L).ok(2, "top", List.of(List.of("ann", 4L)))
        .build();
    judged(h, "leaderboard", parts("member-scores", Verdict.INVALID, "top-k", Verdict.INVALID));
  }

  @Test
  void aJobRunOnceWhenDueIsValid() throws Exception {
    History h = Histories.history().key("q0")
        .at(0).invoke(9, "schedule", List.of("j1", 100L)).at(MS).ok(9, "schedule", List.of("j1", 100L))
        .at(200 * MS).invoke(1, "run", null).at(210 * MS).ok(1, "run", List.of("j1", 500L))
        .at(300 * MS).invoke(2, "run", null).at(301 * MS).ok(2, "run", null)
        .at(400 * MS).invoke(3, "pending", null).at(401 * MS).ok(3, "pending", List.of())
        .build();
    judged(h, "jobs", parts("jobs", Verdict.VALID));
  }

  @Test
  void aJobRunBeforeItWasDueIsCaught() throws Exception {
    History h = Histories.history().key("q0")
        .at(0).invoke(9, "schedule", List.of("j1", 100L)).at(MS).ok(9, "schedule", List.of("j1", 100L))
        .at(50 * MS).invoke(1, "run", null).at(60 * MS).ok(1, "run", List.of("j1"))
        .build();
    Result r = judged(h, "jobs", parts("jobs", Verdict.INVALID));
    assertThat(r.parts().getFirst().explanations()).extracting(Explanation::type).containsExactly("ran-early");
  }

  @Test
  void aSessionSeenWhileItLivesAndMissedAfterIsValid() throws Exception {
    History h = Histories.history().key("s0")
        .at(0).invoke(1, "set", List.of("a", 1000L)).at(MS).ok(1, "set", List.of("a", 1000L))
        .at(100 * MS).invoke(2, "get", null).at(101 * MS).ok(2, "get", "a")
        .at(200 * MS).invoke(3, "refresh", 1000L).at(201 * MS).ok(3, "refresh", true)
        .at(1100 * MS).invoke(2, "get", null).at(1101 * MS).ok(2, "get", "a") // alive only by the refresh
        .at(2500 * MS).invoke(2, "get", null).at(2501 * MS).ok(2, "get", null)
        .build();
    judged(h, "session", parts("expiring-register", Verdict.VALID));
  }

  @Test
  void aSessionReadAfterItsExpiryIsCaught() throws Exception {
    History h = Histories.history().key("s0")
        .at(0).invoke(1, "set", List.of("a", 100L)).at(MS).ok(1, "set", List.of("a", 100L))
        .at(500 * MS).invoke(2, "get", null).at(501 * MS).ok(2, "get", "a")
        .build();
    Result r = judged(h, "session", parts("expiring-register", Verdict.INVALID));
    assertThat(r.parts().getFirst().lines().getFirst()).contains("the server's clock must have run at least");
  }

  @Test
  void knossosMutexHistoriesStayMutex() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "release", null).ok(0, "release", null)
        .build();
    HistoryCheck check = HistoryCheck.of(h);
    assertThat(check.modelName()).isEqualTo("mutex");
    assertThat(check.check().name()).isEqualTo("linearizable");
  }

  @Test
  void aWorkloadsChecksAreNoModelForTheSearch() {
    assertThat(Models.SEARCHED_NAMES).doesNotContain("lock", "fenced-lock", "leaderboard", "jobs", "session").contains("mutex", "counter");
    assertThatThrownBy(() -> Models.byName("lock", null))
        .hasMessageStartingWith("model lock is judged by its checkers (mutex, resource), not by the linearizability search");
  }
}
