package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.Keyword;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Process;
import faultline.checker.txn.TxnChecker;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnResult;
import org.junit.jupiter.api.Test;

/**
 * In EDN, {@code :x} and {@code "x"} are two values and {@code :c1} and
 * {@code "c1"} two processes, as under Clojure's equality, by which Elle and Knossos judge.
 */
class KeywordsAndStringsTest {
  @Test
  void aKeywordKeyAndAStringKeyAreTwoKeys() throws Exception {
    History h = HistoryFormat.EDN.read("k.edn", """
        {:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
        {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
        {:process 1, :type :invoke, :f :txn, :value [[:r "x" nil]]}
        {:process 1, :type :ok, :f :txn, :value [[:r "x" [1]]]}
        """);
    TxnResult r = TxnChecker.check(TxnHistory.of(h), TxnChecker.Options.defaults());
    // Key "x" read 1, which nothing appended to "x": not valid (it was, with the keys merged).
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    // The same with one key: valid.
    History same = HistoryFormat.EDN.read("k.edn", """
        {:process 0, :type :invoke, :f :txn, :value [[:append :x 1]]}
        {:process 0, :type :ok, :f :txn, :value [[:append :x 1]]}
        {:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}
        {:process 1, :type :ok, :f :txn, :value [[:r :x [1]]]}
        """);
    assertThat(TxnChecker.check(TxnHistory.of(same), TxnChecker.Options.defaults()).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aKeywordProcessAndAStringProcessAreTwoProcesses() throws Exception {
    History h = HistoryFormat.EDN.read("p.edn", """
        {:process :c1, :type :invoke, :f :write, :value 1}
        {:process "c1", :type :ok, :f :write, :value 1}
        """);
    assertThat(h.ops().get(0).process()).isEqualTo(Process.named("c1")).isNotEqualTo(h.ops().get(1).process());
    assertThatThrownBy(() -> PairedHistory.of(h)).isInstanceOf(MalformedHistoryException.class)
        .hasMessage("p.edn:2: ok write for process \"c1\", which has no pending invocation");
  }

  @Test
  void registerValuesKeepThemApartToo() throws Exception {
    History h = HistoryFormat.EDN.read("r.edn", """
        {:process 0, :type :invoke, :f :write, :value :a}
        {:process 0, :type :ok, :f :write, :value :a}
        {:process 1, :type :invoke, :f :read, :value nil}
        {:process 1, :type :ok, :f :read, :value "a"}
        """);
    assertThat(h.ops().get(1).value()).isEqualTo(new Keyword("a")).isNotEqualTo(h.ops().get(3).value());
    assertThat(faultline.checker.HistoryCheck.of(h).model("register").check().verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void exportKeepsThemApart() throws Exception {
    String text = """
        {:index 0, :process :c1, :type :invoke, :f :txn, :value [[:append :x 1] [:r "x" nil]]}
        {:index 1, :process "c1", :type :invoke, :f :write, :key :k, :value "k"}
        """;
    History h = HistoryFormat.EDN.read("e.edn", text);
    StringBuilder out = new StringBuilder();
    for (var op : h.ops()) out.append(EdnHistoryWriter.line(op)).append('\n');
    assertThat(out.toString()).isEqualTo(text);
    assertThat(HistoryFormat.EDN.read("e2.edn", out.toString()).ops()).isEqualTo(h.ops());
  }

  @Test
  void exportWritesMicroOpFunctionsAsKeywordsUnderAnyFunction() throws Exception {
    // Jepsen's long-fork workload reads with :f :read and a value of micro-ops.
    String text = """
        {:index 0, :process 0, :type :invoke, :f :read, :value [[:r 0 nil] [:r 1 nil]]}
        {:index 1, :process 0, :type :ok, :f :read, :value [[:r 0 1] [:r 1 nil]]}
        {:index 2, :process 1, :type :ok, :f :write, :value [["x" 1]]}
        """;
    History h = HistoryFormat.EDN.read("lf.edn", text);
    StringBuilder out = new StringBuilder();
    for (var op : h.ops()) out.append(EdnHistoryWriter.line(op)).append('\n');
    assertThat(out.toString()).isEqualTo(text);
    assertThat(HistoryFormat.EDN.read("lf2.edn", out.toString()).ops()).isEqualTo(h.ops());
  }
}
