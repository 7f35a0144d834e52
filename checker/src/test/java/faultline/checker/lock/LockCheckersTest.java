package faultline.checker.lock;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Histories;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.OpType;
import faultline.checker.linear.Budget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made lock histories with known verdicts, for the mutex, resource and fencing checks. */
class LockCheckersTest {
  private static final long MS = 1_000_000L;

  private static Result mutex(History h) throws MalformedHistoryException {
    return new MutexChecker().check(h, Budget.unlimited());
  }

  private static Result resource(History h) throws MalformedHistoryException {
    return new ProtectedCounterChecker().check(h, Budget.unlimited());
  }

  private static Result fencing(History h) throws MalformedHistoryException {
    return new FencingChecker().check(h, Budget.unlimited());
  }

  private static Map<String, Object> lease(long ms) {
    return Map.of(LockOps.LEASE_MS, ms);
  }

  private static Map<String, Object> fenced(long token) {
    return Map.of(LockOps.BY, 1L, LockOps.TOKEN, token);
  }

  @Test
  void holdersOneAfterAnotherAreAMutex() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(1, "acquire", null).fail(1, "acquire", null) // busy: nothing changed
        .invoke(0, "release", null).ok(0, "release", null)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .invoke(1, "release", null).ok(1, "release", null)
        .build();
    Result r = mutex(h);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.details()).containsEntry("acquired", 2L).containsEntry("acquire-refused", 1L);
  }

  @Test
  void aSecondHolderIsNamedWithBothLeases() throws Exception {
    History h = Histories.history().key("l0")
        .at(1_000 * MS).invoke(0, "acquire", lease(1000)).at(1_002 * MS).ok(0, "acquire", lease(1000))
        .at(1_500 * MS).nemesis(OpType.INVOKE, "start-client-pause", null).nemesis(OpType.INFO, "start-client-pause", Map.of("worker", 0))
        .at(2_500 * MS).invoke(1, "acquire", lease(1000)).at(2_503 * MS).ok(1, "acquire", lease(1000))
        .at(4_000 * MS).nemesis(OpType.INVOKE, "stop-client-pause", null).nemesis(OpType.INFO, "stop-client-pause", null)
        .at(4_100 * MS).invoke(0, "release", null).fail(0, "release", null)
        .invoke(1, "release", null).ok(1, "release", null)
        .build();
    Result r = mutex(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.explanations()).hasSize(1);
    String text = r.lines().get(0);
    assertThat(text).contains("process 0 (events 0-1 at 1.002 s, lease 1000 ms)")
        .contains("process 1 (events 4-5 at 2.503 s, lease 1000 ms)")
        .contains("two holders at once")
        .contains("due to end by 2.002 s at the latest").contains("after that: the lease ran out while its holder still used the lock")
        .contains("Process 0's release (events 8-9 at 4.100 s) was refused: it no longer held the lock.")
        .contains("client-pause");
    assertThat(r.witness()).extracting(w -> w.role() + " " + w.process()).containsExactly("before 0", "anomaly 1");
    assertThat(r.ruledOut()).containsExactly("mutex");
  }

  @Test
  void aSecondAcquireWhileTheLeaseMayEndIsALeaseThatRanOutNotOneThatEndedEarly() throws Exception {
    // The first lease began between 1.000 s and 1.002 s, so it ended between 2.000 s and 2.002 s;
    // the second acquire ran from 2.001 s to 2.003 s: the lease ran out about when it was due
    // (ShedLock's, whose clock is truncated to milliseconds, lands here).
    History h = Histories.history().key("l0")
        .at(1_000 * MS).invoke(0, "acquire", lease(1000)).at(1_002 * MS).ok(0, "acquire", lease(1000))
        .at(2_001 * MS).invoke(1, "acquire", lease(1000)).at(2_003 * MS).ok(1, "acquire", lease(1000))
        .build();
    String text = mutex(h).lines().get(0);
    assertThat(text).contains("due to end by 2.002 s at the latest")
        .contains("began before that and ended after 2.000 s, the earliest (1000 ms after the first acquire began): the lease ran "
            + "out about when it was due")
        .doesNotContain("ended early");
  }

  @Test
  void aSecondAcquireOverBeforeTheEarliestEndIsALeaseThatEndedEarly() throws Exception {
    History h = Histories.history().key("l0")
        .at(1_000 * MS).invoke(0, "acquire", lease(1000)).at(1_002 * MS).ok(0, "acquire", lease(1000))
        .at(1_500 * MS).invoke(1, "acquire", lease(1000)).at(1_501 * MS).ok(1, "acquire", lease(1000))
        .build();
    assertThat(mutex(h).lines().get(0)).contains("was over by 1.501 s, before 2.000 s, the earliest it could end")
        .contains("the lease ended early");
  }

  @Test
  void aLostConnectionReleasesASessionLock() throws Exception {
    // Process 0 holds the lock, and its connection is lost during its write: retired, its session
    // ends, and the server releases its advisory lock. Process 1 acquiring it then is no violation.
    History crashed = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", 1L).info(0, "add", 1L)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .invoke(1, "release", null).ok(1, "release", null)
        .build();
    Result r = mutex(crashed);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.details()).containsEntry("released-for-crashed-holders", 1);
    // The same without the crash: process 0 still holds it, and believes so.
    History alive = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", 1L).ok(0, "add", 1L)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .build();
    assertThat(mutex(alive).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(mutex(alive).lines().get(0)).contains("Process 0 never released it.");
  }

  @Test
  void aCrashedReleaseIsOnceOnly() throws Exception {
    // One crashed holder makes one release: it cannot let two more holders in.
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).info(0, "acquire", null)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .invoke(2, "acquire", null).ok(2, "acquire", null)
        .build();
    Result r = mutex(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.lines().get(0)).contains("process 1").contains("process 2");
  }

  @Test
  void verdictsMatchKnossosMutex() throws Exception {
    // Knossos: a release of a free lock cannot happen; it does not track who holds the lock.
    assertThat(mutex(Histories.history().key("l0").invoke(0, "release", null).ok(0, "release", null).build()).verdict())
        .isEqualTo(Verdict.INVALID);
    History otherReleases = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(1, "release", null).ok(1, "release", null)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .build();
    assertThat(mutex(otherReleases).verdict()).isEqualTo(Verdict.VALID);
    // Two concurrent acquires that both succeed: no order explains them, but neither surely came first.
    History concurrent = Histories.history().key("l0")
        .invoke(0, "acquire", null).invoke(1, "acquire", null).ok(0, "acquire", null).ok(1, "acquire", null)
        .build();
    Result r = mutex(concurrent);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.explanations()).extracting(e -> e.type()).containsExactly("not-a-mutex");
    assertThat(r.lines().get(0)).contains("process 0 (events 0-2").contains("process 1 (events 1-3").contains("two holders at once");
  }

  @Test
  void aLockGrantedAgainToItsHolderWithoutARelease() throws Exception {
    // A failover lost the key: the holder's release is refused, and it acquires the lock again.
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "release", null).fail(0, "release", null)
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .build();
    Result r = mutex(h);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.lines().get(0)).contains("acquired it again (events 4-5)").contains("granted twice");
  }

  @Test
  void locksAreIndependent() throws Exception {
    History h = Histories.history()
        .key("l0").invoke(0, "acquire", null).ok(0, "acquire", null)
        .key("l1").invoke(1, "acquire", null).ok(1, "acquire", null)
        .build();
    assertThat(mutex(h).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aLostUpdateOfTheProtectedCounterIsAFailedExclusion() throws Exception {
    // Both holders read 0 and wrote 1: the final read shows one of two acknowledged increments.
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", 1L)
        .invoke(1, "acquire", null).ok(1, "acquire", null)
        .invoke(1, "add", 1L).ok(1, "add", 1L)
        .ok(0, "add", 1L)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    Result r = resource(h);
    assertThat(r.name()).isEqualTo("resource");
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.summary()).contains("the lock did not protect the counter");
    assertThat(r.lines().get(0)).contains("2 had been acknowledged");
  }

  @Test
  void anAddThatCommitsWithItsReleaseCountsFromTheCommit() throws Exception {
    Map<String, Object> inTxn = Map.of(LockOps.BY, 1L, LockOps.WITH_RELEASE, true);
    // Read 0 after the add but before its commit: not a lost update.
    History committed = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", inTxn).ok(0, "add", inTxn)
        .invoke(1, "read", null).ok(1, "read", 0L)
        .invoke(0, "release", null).ok(0, "release", null)
        .invoke(1, "read", null).ok(1, "read", 1L)
        .build();
    assertThat(resource(committed).verdict()).isEqualTo(Verdict.VALID);
    // Rolled back: the add never took effect.
    History rolledBack = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", inTxn).ok(0, "add", inTxn)
        .invoke(0, "release", null).fail(0, "release", null)
        .invoke(1, "read", null).ok(1, "read", 0L)
        .build();
    assertThat(resource(rolledBack).verdict()).isEqualTo(Verdict.VALID);
    // But committed and then not seen: lost.
    History lost = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", null)
        .invoke(0, "add", inTxn).ok(0, "add", inTxn)
        .invoke(0, "release", null).ok(0, "release", null)
        .invoke(1, "read", null).ok(1, "read", 0L)
        .build();
    assertThat(resource(lost).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void fencingRefusesTheStaleHolderAndNothingIsLost() throws Exception {
    // Process 0's lease ran out while it was paused between its read and its write; process 1
    // acquired with a newer token and wrote; process 0's write with the older token is refused.
    History h = Histories.history().key("l0")
        .invoke(0, "acquire", null).ok(0, "acquire", Map.of(LockOps.LEASE_MS, 1000L, LockOps.TOKEN, 1L))
        .invoke(0, "add", fenced(1))
        .invoke(1, "acquire", null).ok(1, "acquire", Map.of(LockOps.LEASE_MS, 1000L, LockOps.TOKEN, 2L))
        .invoke(1, "add", fenced(2)).ok(1, "add", fenced(2))
        .invoke(1, "release", null).ok(1, "release", null)
        .fail(0, "add", fenced(1))
        .invoke(0, "release", null).fail(0, "release", null)
        .invoke(2, "read", null).ok(2, "read", 1L)
        .build();
    Result f = fencing(h);
    assertThat(f.verdict()).isEqualTo(Verdict.VALID);
    assertThat(f.details()).containsEntry("refused-stale", 1L).containsEntry("two-holders", 1).containsEntry("fenced-writes", 1L);
    assertThat(f.summary()).contains("two clients believed they held a lock at once 1 time");
    assertThat(resource(h).verdict()).isEqualTo(Verdict.VALID);
    assertThat(mutex(h).verdict()).isEqualTo(Verdict.INVALID); // two holders, and yet nothing lost
  }

  @Test
  void aStaleTokenAcceptedIsCaught() throws Exception {
    History h = Histories.history().key("l0")
        .invoke(1, "add", fenced(2)).ok(1, "add", fenced(2))
        .invoke(0, "add", fenced(1)).ok(0, "add", fenced(1))
        .build();
    Result f = fencing(h);
    assertThat(f.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(f.lines().get(0)).contains("process 0's write with token 1 (events 2-3) was accepted")
        .contains("newer token 2");
    // Concurrent writes may land in either order.
    History concurrent = Histories.history().key("l0")
        .invoke(1, "add", fenced(2)).invoke(0, "add", fenced(1)).ok(1, "add", fenced(2)).ok(0, "add", fenced(1))
        .build();
    assertThat(fencing(concurrent).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void noFencedWriteIsNothingToJudge() throws Exception {
    History h = Histories.history().key("l0").invoke(0, "acquire", null).ok(0, "acquire", null).build();
    assertThat(fencing(h).verdict()).isEqualTo(Verdict.UNKNOWN);
  }
}
