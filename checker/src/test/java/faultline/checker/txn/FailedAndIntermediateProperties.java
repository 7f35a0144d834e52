package faultline.checker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * A failed transaction never happened and a transaction's intermediate write never existed
 * outside it: on histories full of both (reads may return any value written so far, failed and
 * intermediate ones included), no reported cycle passes through a failed transaction or cites
 * another transaction's intermediate version, whatever version orders are assumed. (A read may cite
 * its own transaction's: a future read, ordered as Elle orders it, see ElleAgreementTest.)
 */
class FailedAndIntermediateProperties {

  @Property(tries = 400)
  void noCycleThroughAFailedTransactionOrAnIntermediateVersion(
      @ForAll long seed,
      @ForAll boolean lists,
      @ForAll @IntRange(min = 2, max = 30) int txns,
      @ForAll @IntRange(min = 1, max = 3) int keys,
      @ForAll boolean wfr, @ForAll boolean sequential, @ForAll boolean linearizable) throws Exception {
    String edn = history(new Random(seed), lists, txns, keys);
    TxnHistory history = TxnHistory.of(HistoryFormat.EDN.read("random.edn", edn));
    TxnResult r = TxnChecker.check(history, new TxnChecker.Options(lists ? TxnWorkload.LIST_APPEND : TxnWorkload.RW_REGISTER,
        List.of("strict-serializable"), null, null, lists ? KeyOrders.NONE : new KeyOrders(wfr, sequential, linearizable)));
    Statistics.label("a cycle reported").collect(r.anomalies().values().stream().flatMap(List::stream).anyMatch(Anomaly::isCycle));
    for (List<Anomaly> found : r.anomalies().values()) {
      for (Anomaly a : found) {
        for (Step s : a.steps()) {
          String shown = a.type() + " " + s.from().name() + " -" + s.type().label() + "-> " + s.to().name() + " in\n" + edn;
          assertThat(s.from().failed() || s.to().failed()).as(shown).isFalse();
          switch (s.type()) {
            case WR -> assertThat(isLastWrite(s.from(), s.key(), s.value())).as(shown).isTrue();
            case RW -> {
              // A future read (the reader's own later append in what it read) is ordered as Elle orders
              // it: the element it ends at is the reader's, and what follows it is what it missed.
              Txn readVersionWriter = s.value() == null ? null : writer(history, s.key(), s.value());
              assertThat(readVersionWriter == null || readVersionWriter == s.from()
                  || isLastWrite(readVersionWriter, s.key(), s.value())).as(shown).isTrue();
              if (!lists) assertThat(isLastWrite(s.to(), s.key(), s.next())).as(shown).isTrue();
            }
            case WW -> {
              // A list's elements are in the order of the appends, intermediate ones included: only registers' versions are checked.
              if (!lists) assertThat(isLastWrite(s.from(), s.key(), s.value()) && isLastWrite(s.to(), s.key(), s.next())).as(shown).isTrue();
            }
            default -> {}
          }
        }
      }
    }
  }

  private static boolean isLastWrite(Txn t, Object key, Object value) {
    Object last = null;
    for (MicroOp m : t.mops()) if (!m.isRead() && Objects.equals(m.key(), key)) last = m.value();
    return last != null && last.equals(value);
  }

  private static Txn writer(TxnHistory history, Object key, Object value) {
    for (Txn t : history.txns()) for (MicroOp m : t.mops()) if (!m.isRead() && Objects.equals(m.key(), key) && value.equals(m.value())) return t;
    throw new AssertionError("nobody wrote " + value + " to " + key);
  }

  /**
   * Up to five processes at a time run {@code count} transactions of one to four micro-ops; about a
   * third fail and a sixth crash (their process is retired). Every write is visible from its
   * invocation on, so reads see failed and intermediate writes as often as final ones.
   */
  private static String history(Random rnd, boolean lists, int count, int keys) {
    StringBuilder out = new StringBuilder("[\n");
    Map<Integer, List<Long>> written = new HashMap<>();
    long[] next = new long[keys + 1];
    int[] process = {0, 1, 2, 3, 4};
    int nextProcess = 5;
    List<List<String>> inFlight = new ArrayList<>();
    for (int i = 0; i < process.length; i++) inFlight.add(null);
    int started = 0;
    while (started < count || inFlight.stream().anyMatch(Objects::nonNull)) {
      int p = rnd.nextInt(process.length);
      List<String> mops = inFlight.get(p);
      if (mops == null) {
        if (started == count) continue;
        started++;
        List<String> planned = new ArrayList<>();
        for (int m = 1 + rnd.nextInt(4); m > 0; m--) {
          int key = 1 + rnd.nextInt(keys);
          if (rnd.nextBoolean()) {
            long v = ++next[key];
            written.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
            planned.add((lists ? "[:append " : "[:w ") + key + " " + v + "]");
          } else {
            planned.add("[:r " + key + " ?]");
          }
        }
        inFlight.set(p, planned);
        event(out, process[p], "invoke", planned, null, null, lists);
        continue;
      }
      int roll = rnd.nextInt(6);
      String type = roll < 3 ? "ok" : roll < 5 ? "fail" : "info";
      event(out, process[p], type, mops, type.equals("ok") ? rnd : null, written, lists);
      inFlight.set(p, null);
      if (type.equals("info")) process[p] = nextProcess++;
    }
    return out.append("]").toString();
  }

  private static void event(StringBuilder out, int process, String type, List<String> mops, Random reads,
      Map<Integer, List<Long>> written, boolean lists) {
    out.append("{:process ").append(process).append(" :type :").append(type).append(" :f :txn :value [");
    for (String m : mops) {
      if (!m.endsWith(" ?]")) {
        out.append(m);
        continue;
      }
      int key = Integer.parseInt(m.substring(4, m.length() - 3));
      String value = "nil";
      if (reads != null) {
        // A list reads a prefix of every append so far; a register, one of the values written so far, or nil.
        List<Long> all = written.getOrDefault(key, List.of());
        int n = reads.nextInt(all.size() + 1);
        value = lists ? all.subList(0, n).toString().replace(",", "") : n == 0 ? "nil" : String.valueOf(all.get(n - 1));
      }
      out.append("[:r ").append(key).append(' ').append(value).append(']');
    }
    out.append("]}\n");
  }
}
