package faultline.checker.txn;

import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;

/**
 * Transactional histories by hand, written as Jepsen EDN text so that tests also go through the
 * reader: {@code txn(0, "ok", "[:append 1 1] [:r 2 []]")} adds an invocation (reads nil) and its
 * completion; {@code invoke} and {@code complete} interleave transactions.
 */
final class TxnHistories {
  private final StringBuilder edn = new StringBuilder("[\n");

  static TxnHistories history() {
    return new TxnHistories();
  }

  TxnHistories txn(long process, String type, String mops) {
    return invoke(process, mops).complete(process, type, mops);
  }

  TxnHistories invoke(long process, String mops) {
    return event(process, "invoke", unread(mops));
  }

  TxnHistories complete(long process, String type, String mops) {
    return event(process, type, mops);
  }

  /** A completion alone, as completions-only histories have them. */
  TxnHistories event(long process, String type, String mops) {
    edn.append(" {:process ").append(process).append(" :type :").append(type).append(" :f :txn :value [").append(mops).append("]}\n");
    return this;
  }

  TxnHistories nemesis(String type, String f) {
    edn.append(" {:process :nemesis :type :").append(type).append(" :f :").append(f).append(" :value nil}\n");
    return this;
  }

  /**
   * A chain of n single appends to :x, each after the other, closed by one wr edge (the first also
   * read :y, which the last appends to), and a final read of all of :x: a G1c cycle of n
   * transactions, and no ww cycle at all.
   */
  static TxnHistories wwChain(int n) {
    TxnHistories h = history();
    h.txn(0, "ok", "[:r :y [1]] [:append :x 1]");
    for (int i = 2; i < n; i++) h.txn(i % 5, "ok", "[:append :x " + i + "]");
    h.txn(n % 5, "ok", "[:append :x " + n + "] [:append :y 1]");
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= n; i++) all.append(i).append(' ');
    return h.txn(7, "ok", "[:r :x [" + all.toString().strip() + "]]");
  }

  static String unread(String mops) {
    return mops.replaceAll("\\[:r (\\S+) (\\[[^\\]]*\\]|[^\\]\\s]+)\\]", "[:r $1 nil]");
  }

  History build() throws MalformedHistoryException {
    return HistoryFormat.EDN.read("test.edn", edn + "]");
  }

  TxnResult check() throws MalformedHistoryException {
    return check(TxnChecker.Options.defaults());
  }

  TxnResult check(TxnChecker.Options options) throws MalformedHistoryException {
    return TxnChecker.check(TxnHistory.of(build()), options);
  }
}
