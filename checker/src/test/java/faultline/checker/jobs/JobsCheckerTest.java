package faultline.checker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.jobs.JobsChecker.Promise;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobsCheckerTest {
  private final List<Op> ops = new ArrayList<>();

  /** An event at {@code ms} milliseconds into the run. */
  private void at(long ms, long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ms * 1_000_000, Process.client(process), type, f, "q0", value, null));
  }

  private void schedule(long from, long to, String job, long delayMs) {
    at(from, 9, OpType.INVOKE, "schedule", List.of(job, delayMs));
    at(to, 9, OpType.OK, "schedule", List.of(job, delayMs));
  }

  private Result check(Promise promise, long holdMs) throws MalformedHistoryException {
    return new JobsChecker(promise, holdMs, 0).check(History.of("test", ops), Budget.unlimited());
  }

  private Result check() throws MalformedHistoryException {
    return check(Promise.EXACTLY_ONCE, 1000);
  }

  @Test
  void eachJobRunOnceWhenDueIsValid() throws Exception {
    schedule(0, 1, "j1", 100);
    at(200, 1, OpType.INVOKE, "run", null);
    at(210, 1, OpType.OK, "run", List.of("j1", 500L));
    at(300, 2, OpType.INVOKE, "run", null);
    at(301, 2, OpType.OK, "run", null);
    at(400, 3, OpType.INVOKE, "pending", null);
    at(401, 3, OpType.OK, "pending", List.of());
    Result result = check();
    assertThat(result.verdict()).isEqualTo(Verdict.VALID);
    assertThat(result.summary()).isEqualTo("1 jobs scheduled, 1 runs");
  }

  @Test
  void aSecondRunInsideTheFirstLeaseIsCaughtUnderEveryPromise() throws Exception {
    schedule(0, 1, "j1", 100);
    at(200, 1, OpType.INVOKE, "run", null);
    at(300, 2, OpType.INVOKE, "run", null);
    at(310, 2, OpType.OK, "run", List.of("j1", 1000L));
    at(320, 1, OpType.OK, "run", List.of("j1", 1000L));
    for (Promise promise : Promise.values()) {
      Result result = check(promise, 1000);
      assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
      assertThat(result.lines()).containsExactly("queue \"q0\": job \"j1\" ran twice: process 1 (events 2-5) from 0.200 s to 0.320 s, "
          + "and process 2 (events 3-4) from 0.300 s to 0.310 s, before the first one's lease of 1000 ms could have run out "
          + "(1.200 s at the earliest)");
      assertThat(result.explanations().getFirst().data()).containsEntry("processes", List.of(1L, 2L));
    }
  }

  @Test
  void aStalledWorkerRunningPastItsLeaseBreaksExactlyOnceOnly() throws Exception {
    schedule(0, 1, "j1", 100);
    at(200, 1, OpType.INVOKE, "run", null); // claims at once, then stalls for 1.8 s
    at(900, 2, OpType.INVOKE, "run", null);
    at(910, 2, OpType.OK, "run", List.of("j1", 500L));
    at(2000, 1, OpType.OK, "run", List.of("j1", 500L));
    Result once = check(Promise.EXACTLY_ONCE, 500);
    assertThat(once.explanations()).extracting(Explanation::type).containsExactly("ran-twice");
    assertThat(once.lines().getFirst()).endsWith("after the first one's lease of 500 ms could have run out, but the job was to run once");
    assertThat(check(Promise.AT_LEAST_ONCE, 500).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aRunBeforeTheJobWasDueIsCaught() throws Exception {
    schedule(0, 1, "j1", 100);
    at(50, 1, OpType.INVOKE, "run", null);
    at(60, 1, OpType.OK, "run", List.of("j1"));
    Result result = check();
    assertThat(result.lines()).containsExactly("queue \"q0\": process 1 (events 2-3) ran job \"j1\" by 0.060 s, but it was due 100 ms "
        + "after its schedule took effect, no earlier than 0.100 s (process 9's schedule (events 0-1) began at 0.000 s): 40.0 ms early");
  }

  @Test
  void theStoresClockMayStrayByItsSlack() throws Exception {
    schedule(0, 1, "j1", 100);
    at(98, 1, OpType.INVOKE, "run", null);
    at(99, 1, OpType.OK, "run", List.of("j1")); // 1 ms early: Redis' TIME in whole milliseconds allows it
    assertThat(new JobsChecker(Promise.EXACTLY_ONCE, 1000, 0).check(History.of("test", ops), Budget.unlimited()).verdict())
        .isEqualTo(Verdict.INVALID);
    assertThat(new JobsChecker(Promise.EXACTLY_ONCE, 1000, 2).check(History.of("test", ops), Budget.unlimited()).verdict())
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void aClaimFindingNothingWhileAJobWasDueIsAMiss() throws Exception {
    schedule(0, 1, "j1", 100);
    at(200, 1, OpType.INVOKE, "run", null);
    at(201, 1, OpType.OK, "run", null);
    Result result = check();
    assertThat(result.explanations()).extracting(Explanation::type).containsExactly("missed");
    assertThat(result.lines().getFirst()).isEqualTo("queue \"q0\": process 1 (events 2-3) looked for a due job from 0.200 s to 0.201 s "
        + "and found none, but job \"j1\" was due by 0.101 s (100 ms after process 9's schedule (events 0-1) completed at 0.001 s) and "
        + "no run of it had begun");
  }

  @Test
  void aClaimOfUnknownOutcomeMayHideTheJobForItsHoldingTime() throws Exception {
    schedule(0, 1, "j1", 100);
    at(150, 2, OpType.INVOKE, "run", null);
    at(160, 2, OpType.INFO, "run", null);
    at(200, 1, OpType.INVOKE, "run", null);
    at(201, 1, OpType.OK, "run", null);
    assertThat(check(Promise.EXACTLY_ONCE, 1000).verdict()).isEqualTo(Verdict.VALID);
    assertThat(check(Promise.EXACTLY_ONCE, 10).explanations()).extracting(Explanation::type).containsExactly("missed");
  }

  @Test
  void aJobThatNeverRanAndIsNoLongerQueuedVanished() throws Exception {
    schedule(0, 1, "j1", 100);
    schedule(2, 3, "j2", 100_000);
    at(400, 3, OpType.INVOKE, "pending", null);
    at(401, 3, OpType.OK, "pending", List.of("j2"));
    Result result = check();
    assertThat(result.explanations()).extracting(Explanation::type).containsExactly("vanished");
    assertThat(result.lines().getFirst()).isEqualTo("queue \"q0\": job \"j1\", scheduled by process 9's schedule (events 0-1), never ran, "
        + "and process 3's final read (events 4-5) from 0.400 s to 0.401 s does not show it queued");
  }

  @Test
  void aRunOfAJobNobodyScheduledIsCaught() throws Exception {
    at(50, 1, OpType.INVOKE, "run", null);
    at(60, 1, OpType.OK, "run", List.of("j7"));
    assertThat(check().explanations()).extracting(Explanation::type).containsExactly("ran-unscheduled");
  }

  @Test
  void crashedRunsAreNotCertainRuns() throws Exception {
    schedule(0, 1, "j1", 100);
    at(200, 1, OpType.INVOKE, "run", null);
    at(210, 1, OpType.INFO, "run", List.of("j1", 500L)); // may have run
    at(800, 2, OpType.INVOKE, "run", null);
    at(810, 2, OpType.OK, "run", List.of("j1", 500L));
    assertThat(check().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void withoutTimesOrRunsThereIsNothingToJudge() throws Exception {
    schedule(0, 1, "j1", 100);
    assertThat(check().verdict()).isEqualTo(Verdict.UNKNOWN);
    ops.clear();
    ops.add(new Op(0, Op.NO_TIME, Process.client(1), OpType.INVOKE, "run", "q0", null, null));
    assertThat(check().reason()).isEqualTo("the history has no times, and due times and leases need them");
  }

  @Test
  void badValuesAreRefusedNamingTheEvent() {
    at(0, 9, OpType.INVOKE, "schedule", "j1");
    at(1, 9, OpType.OK, "schedule", "j1");
    assertThatThrownBy(this::check).isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining("event 0: a schedule is invoked with [job delay-ms], got \"j1\"");
  }
}
