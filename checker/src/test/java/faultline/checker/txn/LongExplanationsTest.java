package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.history.Values;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explanations of huge cycles and keys stay short, and say what they cut. */
class LongExplanationsTest {

  @Test
  void aCycleOfThousandsIsToldByItsFirstStepsAndItsLast() throws Exception {
    int n = 3_000;
    TxnResult r = TxnHistories.wwChain(n).check();
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    Anomaly cycle = r.anomalies().get("G1c").getFirst();
    assertThat(cycle.steps()).hasSize(n);
    String text = r.explain(cycle);
    // Before: 6,000 lines and about 400 KB.
    assertThat(text.lines().count()).isLessThan(40);
    assertThat(text).contains(String.format("\u2026 %,d more transactions", n - 13)).contains(String.format("\u2026 %,d more steps", n - 12))
        .contains("a contradiction!");
    assertThat(String.join("\n", r.text(2)).length()).isLessThan(10_000);
  }

  @Test
  void aHugeKeyIsCutWhereverAnExplanationNamesIt() throws Exception {
    String key = "k".repeat(100_000);
    TxnResult r = history()
        .txn(0, "ok", "[:append \"" + key + "\" 1] [:r \"y\" []]")
        .txn(1, "ok", "[:append \"y\" 1] [:r \"" + key + "\" []]")
        .check();
    assertThat(r.anomalyTypes()).contains("G2-item");
    String text = r.explain(r.anomalies().get("G2-item").getFirst());
    assertThat(text).contains("key cut at 200 of 100,002 chars").hasSizeLessThan(5_000);
    // results.json keeps the micro-ops whole.
    assertThat(r.toJson().toString()).contains(key);
  }

  @Test
  void cuttingNeverSplitsASurrogatePair() {
    String text = "a".repeat(Values.SHOWN_CHARS - 1) + "\uD83D\uDE00" + "b".repeat(10);
    String cut = Values.cut(text, Values.SHOWN_CHARS, "value");
    assertThat(cut).startsWith("a".repeat(Values.SHOWN_CHARS - 1) + "\u2026").contains("value cut at 200 of 211 chars");
    assertThat(List.of(Values.cut("short", 200, "key"))).containsExactly("short");
  }
}
