package faultline.checker.expiry;

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
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiringRegisterCheckerTest {
  private final List<Op> ops = new ArrayList<>();

  private void at(long ms, long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ms * 1_000_000, Process.client(process), type, f, "s0", value, null));
  }

  private void set(long from, long to, String value, long ttlMs) {
    at(from, 1, OpType.INVOKE, "set", List.of(value, ttlMs));
    at(to, 1, OpType.OK, "set", List.of(value, ttlMs));
  }

  private void get(long from, long to, Object returned) {
    at(from, 2, OpType.INVOKE, "get", null);
    at(to, 2, OpType.OK, "get", returned);
  }

  private void refresh(long from, long to, long ttlMs, boolean found) {
    at(from, 3, OpType.INVOKE, "refresh", ttlMs);
    at(to, 3, OpType.OK, "refresh", found);
  }

  private Result check(long slackMs) throws MalformedHistoryException {
    return new ExpiringRegisterChecker(slackMs).check(History.of("test", ops), Budget.unlimited());
  }

  private List<String> types(long slackMs) throws MalformedHistoryException {
    return check(slackMs).explanations().stream().map(Explanation::type).toList();
  }

  @Test
  void aValueSeenWhileItLivesAndMissedAfterIsValid() throws Exception {
    set(0, 1, "a", 1000);
    get(100, 101, "a");
    get(1200, 1201, null);
    Result result = check(0);
    assertThat(result.verdict()).isEqualTo(Verdict.VALID);
    assertThat(result.details()).containsEntry("clocks", "times are the client's monotonic clock; expiry is the server's wall clock, "
        + "allowed to stray 0 ms from true time over a value's life: every read fits");
  }

  @Test
  void aReadAfterExpiryThatReturnsTheValueIsCaughtWithTheClockItNeeds() throws Exception {
    set(0, 1, "a", 100);
    get(500, 501, "a");
    Result result = check(0);
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.lines()).containsExactly("key \"s0\": process 2's get (events 2-3) returned \"a\" at 0.500 s or later, but process 1's "
        + "set \"a\" (events 0-1) gave it 100 ms to live, so it expired by 0.101 s at the latest: the server's clock must have run at "
        + "least 399.0 ms behind true time");
    assertThat(result.details()).containsEntry("server-clock-behind-at-least-ms", 399L);
    assertThat(check(400).verdict()).isEqualTo(Verdict.VALID); // a server clock allowed 400 ms behind explains it
  }

  @Test
  void aMissWhileTheLatestWriteCertainlyLivedIsAnEarlyExpiry() throws Exception {
    set(0, 1, "a", 1000);
    get(500, 501, null);
    Result result = check(0);
    assertThat(result.lines()).containsExactly("key \"s0\": process 2's get (events 2-3) found nothing from 0.500 s to 0.501 s, but \"a\", "
        + "written by process 1's set \"a\" (events 0-1) with 1000 ms to live, lived until 1.000 s at the earliest: the server's clock "
        + "must have run at least 499.0 ms ahead of true time");
    assertThat(result.details().get("clocks").toString()).endsWith("these reads need it at least 499.0 ms ahead");
  }

  @Test
  void aRefreshThatFoundTheValueExtendsItsLife() throws Exception {
    set(0, 1, "a", 100);
    refresh(50, 51, 1000, true);
    get(500, 501, "a");
    get(2000, 2001, null);
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
    get(600, 601, null); // the refresh certainly found "a": it lives until 1.050 s at the earliest
    assertThat(types(0)).containsExactly("expired-early");
  }

  @Test
  void aRefreshMayShortenALifeAsWellAsLengthenIt() throws Exception {
    set(0, 1, "a", 1000);
    refresh(50, 51, 100, true); // PEXPIRE 100: "a" now lives until 0.151 s at the latest
    get(500, 501, null);
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aRefreshThatFoundNothingWhileTheValueLivedIsAnEarlyExpiry() throws Exception {
    set(0, 1, "a", 1000);
    refresh(50, 51, 1000, false);
    assertThat(types(0)).containsExactly("expired-early");
  }

  @Test
  void aLaterShortLivedWriteMayExpireFirst() throws Exception {
    set(0, 1, "a", 10_000);
    set(2, 3, "b", 100);
    get(500, 501, null);
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aReplacedValueIsStale() throws Exception {
    set(0, 1, "a", 10_000);
    set(2, 3, "b", 10_000);
    get(500, 501, "a");
    get(600, 601, "z");
    assertThat(types(0)).containsExactly("stale-read", "unwritten-value");
  }

  @Test
  void aCrashedWriteMayLiveForever() throws Exception {
    at(0, 1, OpType.INVOKE, "set", List.of("a", 100L));
    at(1, 1, OpType.INFO, "set", List.of("a", 100L));
    get(5000, 5001, "a");
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aCrashedRefreshMayKeepAValueAliveAnyTime() throws Exception {
    set(0, 1, "a", 100);
    at(50, 3, OpType.INVOKE, "refresh", 1000L);
    at(60, 3, OpType.INFO, "refresh", 1000L);
    get(5000, 5001, "a");
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
    set(6000, 6001, "b", 100);
    get(9000, 9001, "b"); // it may still land after any later write, as a crashed op may take effect any time
    assertThat(check(0).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void nothingToJudgeWithoutReadsOrTimes() throws Exception {
    set(0, 1, "a", 100);
    assertThat(check(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    ops.clear();
    ops.add(new Op(0, Op.NO_TIME, Process.client(1), OpType.INVOKE, "get", "s0", null, null));
    assertThat(check(0).reason()).isEqualTo("the history has no times, and expiry needs them");
  }

  @Test
  void badValuesAreRefusedNamingTheEvent() {
    at(0, 1, OpType.INVOKE, "set", "a");
    at(1, 1, OpType.OK, "set", "a");
    assertThatThrownBy(() -> check(0)).isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining("event 0: a set is invoked with [value ttl-ms], got \"a\"");
  }
}
