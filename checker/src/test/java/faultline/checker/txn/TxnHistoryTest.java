package faultline.checker.txn;

import static faultline.checker.txn.TxnHistories.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.format.HistoryFormat;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.OpType;
import org.junit.jupiter.api.Test;

/** Reading transactions from histories: micro-ops, outcomes, completions-only histories, bad input. */
class TxnHistoryTest {

  @Test
  void pairsInvocationsWithCompletions() throws Exception {
    TxnHistory h = TxnHistory.of(history()
        .invoke(0, "[:append 1 1] [:r 1 nil]")
        .invoke(1, "[:r 1 nil]")
        .complete(0, "ok", "[:append 1 1] [:r 1 [1]]")
        .build());
    assertThat(h.hasRealTime()).isTrue();
    assertThat(h.txns()).hasSize(2);
    Txn t0 = h.txns().get(0);
    assertThat(t0.outcome()).isEqualTo(OpType.OK);
    assertThat(t0.mops().get(1).list()).containsExactly(1L);
    Txn t1 = h.txns().get(1);
    assertThat(t1.outcome()).as("never completed: crashed").isEqualTo(OpType.INFO);
    assertThat(t1.mops().get(0).value()).isNull();
  }

  @Test
  void completionsOnlyHaveProcessOrderButNoRealTime() throws Exception {
    TxnHistory h = TxnHistory.of(history().event(0, "ok", "[:append 1 1]").event(0, "ok", "[:r 1 [1]]").build());
    assertThat(h.hasRealTime()).isFalse();
    assertThat(h.txns()).extracting(Txn::invoke).containsOnly(-1L);
  }

  @Test
  void crashedReadsTellNothing() throws Exception {
    TxnHistory h = TxnHistory.of(history().txn(0, "info", "[:r 1 [5]]").build());
    assertThat(h.txns().get(0).mops().get(0).value()).isNull();
  }

  @Test
  void aMalformedMicroOpNamesItsLine() throws Exception {
    var bad = history().txn(0, "ok", "[:append 1 1]").txn(1, "ok", "[:frob 1 2]");
    assertThatThrownBy(() -> TxnHistory.of(bad.build()))
        .isInstanceOf(MalformedHistoryException.class)
        .hasMessage("test.edn:5: malformed micro-op [:frob 1 2]: unknown function :frob (expected append, r or w)");
    var shortOne = history().txn(0, "ok", "[:append 1]");
    assertThatThrownBy(() -> TxnHistory.of(shortOne.build())).hasMessageContaining("test.edn:3: malformed micro-op [\"append\" 1]");
    var notAList = HistoryFormat.JSONL.read("h.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":3}\n");
    assertThatThrownBy(() -> TxnHistory.of(notAList)).hasMessageStartingWith("h.jsonl:1: value 3 is not a list of micro-ops");
  }

  @Test
  void jsonlAndEdnReadTheSame() throws Exception {
    String jsonl = """
        {"process":0,"type":"invoke","f":"txn","value":[["append",7,3],["r",7,null]]}
        {"process":0,"type":"ok","f":"txn","value":[["append",7,3],["r",7,[3]]]}
        """;
    TxnHistory fromJson = TxnHistory.of(HistoryFormat.JSONL.read("h.jsonl", jsonl));
    TxnHistory fromEdn = TxnHistory.of(history().txn(0, "ok", "[:append 7 3] [:r 7 [3]]").build());
    assertThat(fromJson.txns().get(0).mops()).isEqualTo(fromEdn.txns().get(0).mops());
  }

  @Test
  void aRepeatedAppendIsBadInput() {
    var h = history().txn(0, "ok", "[:append 1 1]").txn(1, "ok", "[:append 1 1]");
    assertThatThrownBy(h::check).isInstanceOf(MalformedHistoryException.class)
        .hasMessageContaining("test.edn:5: the append of 1 to key 1 was already made by T0");
  }
}
