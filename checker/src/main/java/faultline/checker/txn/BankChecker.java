package faultline.checker.txn;

import faultline.checker.NothingToJudge;
import faultline.checker.Verdict;
import faultline.checker.history.EventPairs;
import faultline.checker.history.ExactIntegers;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jepsen's bank checker: transfers ({@code f} transfer, {@code {from, to, amount}}) move money
 * between accounts, and reads ({@code f} read) return every account's balance in one transaction.
 * Whatever the transfers did, every committed read must show the same total (the one given, else
 * the first read's), only known accounts, no missing balance, and, unless allowed, no negative one.
 * A read that breaks this saw a state no serial order of whole transfers produces.
 *
 * <p>Totals are exact (a sum past 64 bits is not allowed to wrap into the expected total). With no
 * successful read there is nothing to judge: unknown. When every client operation failed, nothing
 * took effect, and the history is valid, as Knossos judges such histories, with a line saying so.
 */
public final class BankChecker {
  private BankChecker() {}

  /**
   * @param total the total every read must show; null for the first read's
   * @param negativeAllowed whether balances may be negative
   */
  public static TxnResult check(History history, Long total, boolean negativeAllowed) throws MalformedHistoryException {
    return check(history, total, negativeAllowed, Budget.unlimited());
  }

  /** As above, within {@code budget}'s time: past it, unknown. */
  public static TxnResult check(History history, Long total, boolean negativeAllowed, Budget budget) throws MalformedHistoryException {
    long started = System.nanoTime();
    Reads reads = new Reads(history, total, negativeAllowed, budget);
    try {
      EventPairs.clients(history, reads);
    } catch (OutOfTime stop) {
      return TxnResult.of(TxnWorkload.BANK, Verdict.UNKNOWN, reads.ok, reads.info, reads.fail, reads.found, FaultWindows.of(history),
          Math.round((System.nanoTime() - started) / 1e4) / 100.0,
          "out of time after " + stop.position + " of " + history.ops().size() + " events");
    }
    double millis = Math.round((System.nanoTime() - started) / 1e4) / 100.0;
    if (reads.reads == 0) {
      // Transfers alone say nothing about the total: only a read can break it.
      return TxnResult.of(TxnWorkload.BANK, NothingToJudge.verdict(reads.ok, reads.info, reads.fail), reads.ok, reads.info, reads.fail,
          reads.found, FaultWindows.of(history), millis, NothingToJudge.reason(reads.ok, reads.info, reads.fail, "successful read"));
    }
    return TxnResult.of(TxnWorkload.BANK, reads.found.isEmpty() ? Verdict.VALID : Verdict.INVALID, reads.ok, reads.info, reads.fail,
        reads.found, FaultWindows.of(history), millis);
  }

  /** Past the budget, at the event at {@code position}: the walk stops there. */
  private static final class OutOfTime extends RuntimeException {
    final int position;

    OutOfTime(int position) {
      super(null, null, false, false);
      this.position = position;
    }
  }

  /** Each committed read judged as it completes; every invocation kept until then. */
  private static final class Reads implements EventPairs.Visitor<Op, MalformedHistoryException> {
    private final History history;
    private final boolean negativeAllowed;
    private final Budget budget;
    final Map<String, List<Anomaly>> found = new LinkedHashMap<>();
    private Set<Object> accounts;
    private BigInteger expected;
    int ok, info, fail, reads;
    private int id, events;

    Reads(History history, Long total, boolean negativeAllowed, Budget budget) {
      this.history = history;
      this.negativeAllowed = negativeAllowed;
      this.budget = budget;
      this.expected = total == null ? null : BigInteger.valueOf(total);
    }

    @Override
    public Op invoked(int i, Op op, Op stillOpen) throws MalformedHistoryException {
      seen(i, op);
      return op;
    }

    /** Every client event: the budget looked at now and then, the function checked. */
    private void seen(int i, Op op) throws MalformedHistoryException {
      if ((++events & 4095) == 0 && budget.timeIsUp()) throw new OutOfTime(i);
      if (!"read".equals(op.f()) && !"transfer".equals(op.f())) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i), "a bank history has read and transfer ops, not " + op.f());
      }
    }

    @Override
    public void completed(int i, Op op, Op call) throws MalformedHistoryException {
      seen(i, op);
      switch (op.type()) {
        case OK -> ok++;
        case INFO -> info++;
        default -> fail++;
      }
      if (op.type() != OpType.OK || !"read".equals(op.f())) return;
      reads++;
      if (!(op.value() instanceof Map<?, ?> balances)) {
        throw new MalformedHistoryException(history.source(), history.lineOf(i), "a read's value must map accounts to balances, not " + Values.show(op.value()));
      }
      Map<Object, Object> read = new LinkedHashMap<>();
      balances.forEach((k, v) -> read.put(account(k), v));
      Txn t = new Txn(id++, op.process(), OpType.OK, List.of(), call == null ? -1 : call.index(), op.index(), history.lineOf(i));
      if (accounts == null) accounts = new LinkedHashSet<>(read.keySet());
      List<Object> unexpected = new ArrayList<>();
      for (Object k : read.keySet()) if (!accounts.contains(k)) unexpected.add(k);
      long sum = 0;
      BigInteger big = null; // the sum, once it no longer fits a long
      boolean nil = false;
      List<Object> negative = new ArrayList<>();
      for (Map.Entry<Object, Object> e : read.entrySet()) {
        if (e.getValue() == null) {
          nil = true;
          continue;
        }
        if (!ExactIntegers.isInteger(e.getValue())) {
          throw new MalformedHistoryException(history.source(), history.lineOf(i), "balance " + Values.show(e.getValue()) + " of account "
              + Values.show(e.getKey()) + " is not an integer");
        }
        if (big == null && e.getValue() instanceof Long balance) {
          try {
            sum = Math.addExact(sum, balance);
          } catch (ArithmeticException overflow) {
            big = BigInteger.valueOf(sum).add(BigInteger.valueOf(balance));
          }
        } else {
          big = (big == null ? BigInteger.valueOf(sum) : big).add(ExactIntegers.of(e.getValue()));
        }
        if (ExactIntegers.of(e.getValue()).signum() < 0) negative.add(e.getKey());
      }
      BigInteger exact = big != null ? big : BigInteger.valueOf(sum);
      if (expected == null && !nil) expected = exact;
      String what = "the read at event " + op.index() + " (process " + op.process() + ") saw " + Values.show(read);
      if (!unexpected.isEmpty()) add(found, "unexpected-key", t, what + ", with accounts " + Values.show(unexpected) + " not in " + Values.show(accounts));
      else if (nil) add(found, "nil-balance", t, what + ", in which an account has no balance");
      else if (!exact.equals(expected)) add(found, "wrong-total", t, what + ": a total of " + exact + ", not " + expected);
      else if (!negativeAllowed && !negative.isEmpty()) add(found, "negative-value", t, what + ", with negative balances in " + Values.show(negative));
    }
  }

  /** JSON objects have text keys ("3"); EDN maps, numbers: both name account 3. */
  private static Object account(Object k) {
    if (k instanceof String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        return s;
      }
    }
    return k;
  }

  private static void add(Map<String, List<Anomaly>> found, String type, Txn t, String detail) {
    found.computeIfAbsent(type, x -> new ArrayList<>()).add(Anomaly.of(type, List.of(t), detail));
  }
}
