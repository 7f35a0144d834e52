package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.linear.Budget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jepsen's bank and long-fork checkers: hand-made histories with known verdicts. */
class BankAndLongForkTest {

  private static History bank(String... events) throws Exception {
    StringBuilder edn = new StringBuilder("[\n");
    for (String e : events) edn.append(' ').append(e).append('\n');
    return HistoryFormat.EDN.read("bank.edn", edn + "]");
  }

  @Test
  void everyReadShowsTheTotal() throws Exception {
    History h = bank(
        "{:process 0 :type :invoke :f :read :value nil}",
        "{:process 0 :type :ok :f :read :value {0 10 1 0}}",
        "{:process 1 :type :invoke :f :transfer :value {:from 0 :to 1 :amount 3}}",
        "{:process 1 :type :ok :f :transfer :value {:from 0 :to 1 :amount 3}}",
        "{:process 0 :type :invoke :f :read :value nil}",
        "{:process 0 :type :ok :f :read :value {0 7 1 3}}");
    assertThat(TxnWorkload.isBank(h)).isTrue();
    assertThat(BankChecker.check(h, null, false).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aReadInTheMiddleOfATransferHasTheWrongTotal() throws Exception {
    History h = bank(
        "{:process 0 :type :ok :f :read :value {0 10 1 0}}",
        "{:process 1 :type :ok :f :transfer :value {:from 0 :to 1 :amount 3}}",
        "{:process 0 :type :ok :f :read :value {0 7 1 0}}",
        "{:process 0 :type :ok :f :read :value {0 -1 1 11}}",
        "{:process 0 :type :ok :f :read :value {0 5 2 5}}");
    TxnResult r = BankChecker.check(h, null, false);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalyTypes()).containsExactly("wrong-total", "negative-value", "unexpected-key");
    assertThat(r.anomalies().get("wrong-total").get(0).detail()).contains("a total of 7, not 10");
    assertThat(BankChecker.check(bank("{:process 0 :type :ok :f :read :value {0 -1 1 11}}"), 10L, true).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void twoReadsThatOrderTwoWritesBothWaysAreALongFork() throws Exception {
    TxnHistories h = history()
        .txn(0, "ok", "[:w 1 1]")
        .txn(1, "ok", "[:w 2 1]")
        .txn(2, "ok", "[:r 1 1] [:r 2 nil]")
        .txn(3, "ok", "[:r 1 nil] [:r 2 1]");
    TxnResult r = h.check(new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalyTypes()).containsExactly("long-fork");
    // The same history as rw-register: the fork is a G-nonadjacent cycle, which rules out snapshot isolation.
    TxnResult asRegisters = h.check();
    assertThat(asRegisters.anomalyTypes()).contains("G-nonadjacent");
    assertThat(asRegisters.models().stream().filter(m -> m.model().equals("snapshot-isolation")).findFirst().orElseThrow().verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void readsThatAgreeOnAnOrderAreNoFork() throws Exception {
    TxnResult r = history()
        .txn(0, "ok", "[:w 1 1]")
        .txn(2, "ok", "[:r 1 1] [:r 2 nil]")
        .txn(1, "ok", "[:w 2 1]")
        .txn(3, "ok", "[:r 1 1] [:r 2 1]")
        .txn(4, "ok", "[:r 2 nil] [:r 1 nil]")
        .check(new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null));
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void totalsAreExactPastALong() throws Exception {
    // 2^63-1 + 2^63-1 + 2 wraps to 0 in a long: the same "total" as the first read's, before.
    History h = bank(
        "{:process 0 :type :ok :f :read :value {0 0 1 0 2 0}}",
        "{:process 0 :type :ok :f :read :value {0 9223372036854775807 1 9223372036854775807 2 2}}");
    TxnResult r = BankChecker.check(h, null, false);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.anomalies().get("wrong-total").get(0).detail()).contains("a total of 18446744073709551616, not 0");
    // Balances past 64 bits are read exactly too, and may sum back to the total.
    History big = bank(
        "{:process 0 :type :ok :f :read :value {0 0 1 0}}",
        "{:process 0 :type :ok :f :read :value {0 18446744073709551616N 1 -18446744073709551616N}}");
    assertThat(BankChecker.check(big, null, true).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void transfersWithoutAReadAreUnknown() throws Exception {
    History h = bank(
        "{:process 1 :type :invoke :f :transfer :value {:from 0 :to 1 :amount 3}}",
        "{:process 1 :type :ok :f :transfer :value {:from 0 :to 1 :amount 3}}");
    TxnResult r = BankChecker.check(h, null, false);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).isEqualTo("no successful read among 1 client operations: nothing to check");
  }

  @Test
  void aBankHistoryWhoseOperationsAllFailedIsValidSayingWhy() throws Exception {
    History h = bank(
        "{:process 0 :type :invoke :f :read :value nil}",
        "{:process 0 :type :fail :f :read :value nil}",
        "{:process 1 :type :invoke :f :transfer :value {:from 0 :to 1 :amount 3}}",
        "{:process 1 :type :fail :f :transfer :value {:from 0 :to 1 :amount 3}}");
    TxnResult r = BankChecker.check(h, null, false);
    assertThat(r.verdict()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).startsWith("nothing took effect: all 2 client operations failed");
    assertThat(r.text(0)).contains(r.reason());
  }

  @Test
  void transactionalHistoriesWithNothingToJudge() throws Exception {
    TxnResult empty = TxnChecker.check(TxnHistory.of(history().nemesis("info", "start-partition").build()), TxnChecker.Options.defaults());
    assertThat(empty.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(empty.reason()).isEqualTo("no client operation: nothing to check");
    TxnResult failed = history().txn(0, "fail", "[:append 1 1]").txn(1, "fail", "[:r 1 [1]]").check();
    assertThat(failed.verdict()).isEqualTo(Verdict.VALID);
    assertThat(failed.reason()).startsWith("nothing took effect");
    TxnResult noRead = history().txn(0, "ok", "[:w 1 1]").check(new TxnChecker.Options(TxnWorkload.LONG_FORK, List.of(), null, null));
    assertThat(noRead.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(noRead.reason()).isEqualTo("no committed read among 1 client operations: nothing to check");
  }

  @Test
  void pastItsTimeTheBankCheckStopsUnknownSayingWhere() throws Exception {
    // Reads that keep the total, as invocation and completion pairs; the budget is spent before the check starts.
    String[] events = new String[5000];
    for (int i = 0; i < events.length; i++) {
      events[i] = "{:process " + (i / 2 % 3) + " :type " + (i % 2 == 0 ? ":invoke" : ":ok") + " :f :read :value "
          + (i % 2 == 0 ? "nil" : "{0 10 1 0}") + "}";
    }
    Budget spent = Budget.of(Duration.ZERO, 0);
    TxnResult r = BankChecker.check(bank(events), null, false, spent);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).isEqualTo("out of time after 4095 of 5000 events");
    // The budget is looked at every 4096 events: a shorter history is judged.
    assertThat(BankChecker.check(bank(java.util.Arrays.copyOf(events, 4000)), null, false, spent).verdict()).isEqualTo(Verdict.VALID);
  }
}
