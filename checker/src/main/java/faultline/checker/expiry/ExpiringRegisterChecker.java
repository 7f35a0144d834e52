package faultline.checker.expiry;

import faultline.checker.Checker;
import faultline.checker.Explanation;
import faultline.checker.NothingToJudge;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.WitnessOp;
import faultline.checker.history.ExactIntegers;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.history.Values;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a register whose value expires, as a session store keeps a session: per key,
 * {@code set [value ttl-ms]} (SET PX), {@code get} returning the value or nil, and
 * {@code refresh ttl-ms} (PEXPIRE) returning whether the key was there. Written values are unique
 * per key.
 *
 * <p>A set takes effect at one moment inside its operation and its value lives {@code ttl-ms}
 * from then, by the server's clock; a refresh that finds it alive gives it {@code ttl-ms} from the
 * refresh's moment (which may shorten its life as well as lengthen it). So:
 *
 * <ul>
 *   <li><b>read-after-expiry</b>: a read that began after the value it returned must have
 *       expired (its set's latest moment plus its time to live, stretched by every refresh that
 *       could have found it alive) saw a value the server should have dropped;
 *   <li><b>expired-early</b>: a read that returned nil (or a refresh that found nothing) while
 *       the latest write certainly lived (from its earliest moment, or the earliest moment of the
 *       last refresh that could have found it, for its time to live) lost a live session;
 *   <li><b>stale-read</b>: a read returned a value another set had certainly replaced before it
 *       began; <b>unwritten-value</b>: a value no set wrote, or none invoked before the read
 *       ended.
 * </ul>
 *
 * <p>The history's times are the client's monotonic clock, which runs at true rate; expiry runs
 * on the server's wall clock, which is allowed to stray {@code slackMs} from true time over a
 * value's life. Each violation states how far the server's clock must have strayed (ahead for an
 * early expiry, behind for a late one) for it to have happened, which is what the clocks allowed.
 * A crashed set or refresh may take effect at any time after its invocation, so it may keep a
 * value alive forever; a read of it is then never late. A history without times, or with no read
 * that succeeded, has nothing to judge.
 */
public final class ExpiringRegisterChecker implements Checker {
  private static final long MS = 1_000_000;
  private static final long NEVER = Long.MAX_VALUE;
  private static final int KEPT = 20;

  private final long slackMs;

  /** @param slackMs how far the server's clock may stray from true time over a value's life */
  public ExpiringRegisterChecker(long slackMs) {
    this.slackMs = slackMs;
  }

  private record Write(Operation op, Object value, long ttlMs) {
    long earliest() {
      return op.invocation().time();
    }

    long latest() {
      return op.crashed() ? NEVER : op.completion().time();
    }
  }

  private record Refresh(Operation op, long ttlMs) {}

  /**
   * One key's writes, looked up so that each read costs a logarithm rather than a pass: the write
   * of each value, and for a time the acknowledged write that began last among those that ended
   * before it (every write that ended before that one began was certainly replaced by then).
   */
  private static final class Writes {
    final List<Write> all;
    final Map<Object, Write> byValue = new java.util.HashMap<>();
    private final long[] endedBy; // acknowledged writes' latest moments, ascending
    private final Write[] lastBegun; // among the acknowledged writes up to each, the one that began last

    Writes(List<Write> all) {
      this.all = all;
      for (Write w : all) byValue.putIfAbsent(w.value(), w);
      List<Write> acknowledged = all.stream().filter(w -> !w.op().crashed()).sorted(java.util.Comparator.comparingLong(Write::latest)).toList();
      endedBy = new long[acknowledged.size()];
      lastBegun = new Write[acknowledged.size()];
      for (int i = 0; i < acknowledged.size(); i++) {
        Write w = acknowledged.get(i);
        endedBy[i] = w.latest();
        lastBegun[i] = i > 0 && lastBegun[i - 1].earliest() >= w.earliest() ? lastBegun[i - 1] : w;
      }
    }

    /** The acknowledged write that ended before {@code t} and began last, or null. */
    Write replacingBefore(long t) {
      int i = java.util.Arrays.binarySearch(endedBy, t);
      int n = i >= 0 ? i : -i - 1; // how many ended before t (ties: a write ending at t has not ended before it)
      while (n > 0 && endedBy[n - 1] >= t) n--;
      return n == 0 ? null : lastBegun[n - 1];
    }
  }

  private record Finding(String type, Operation read, Object key, String text, long clockErrorNs, List<WitnessOp> witness) {}

  @Override
  public Result check(History history, Budget budget) throws MalformedHistoryException {
    if (!history.timed()) return Result.unknown("expiring-register", "the history has no times, and expiry needs them");
    PairedHistory paired = PairedHistory.of(history);
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : paired.operations()) byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    List<Finding> findings = new ArrayList<>();
    long reads = 0;
    for (Map.Entry<Object, List<Operation>> e : byKey.entrySet()) {
      List<Write> writes = new ArrayList<>();
      List<Refresh> refreshes = new ArrayList<>();
      for (Operation op : e.getValue()) {
        switch (op.f()) {
          case "set" -> {
            if (!(op.input() instanceof List<?> v) || v.size() != 2 || v.get(0) == null || ExactIntegers.of(v.get(1)) == null) {
              throw bad(history, op, "a set is invoked with [value ttl-ms], got " + Values.show(op.input()));
            }
            writes.add(new Write(op, v.get(0), ExactIntegers.of(v.get(1)).longValueExact()));
          }
          case "refresh" -> {
            if (ExactIntegers.of(op.input()) == null) throw bad(history, op, "a refresh is invoked with ttl-ms, got " + Values.show(op.input()));
            refreshes.add(new Refresh(op, ExactIntegers.of(op.input()).longValueExact()));
          }
          default -> { }
        }
      }
      Writes indexed = new Writes(writes);
      Refreshes indexedRefreshes = new Refreshes(refreshes);
      for (Operation op : e.getValue()) {
        if (op.crashed()) continue;
        if (op.f().equals("get")) {
          reads++;
          if (op.output() == null) absent(op, e.getKey(), indexed, refreshes, findings);
          else present(op, e.getKey(), indexed, refreshes, indexedRefreshes, findings);
        } else if (op.f().equals("refresh") && Boolean.FALSE.equals(op.output())) {
          reads++;
          absent(op, e.getKey(), indexed, refreshes, findings);
        }
      }
    }
    Verdict verdict = !findings.isEmpty() ? Verdict.INVALID
        : reads == 0 ? NothingToJudge.verdict(0, paired.operations().size(), paired.failed()) : Verdict.VALID;
    long worstAhead = findings.stream().filter(f -> f.type().equals("expired-early")).mapToLong(Finding::clockErrorNs).max().orElse(0);
    long worstBehind = findings.stream().filter(f -> f.type().equals("read-after-expiry")).mapToLong(Finding::clockErrorNs).max().orElse(0);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("keys", byKey.size());
    details.put("reads", reads);
    details.put("violations", findings.size());
    details.put("clocks", clocks(worstAhead, worstBehind));
    details.put("server-clock-slack-ms", slackMs);
    if (worstAhead > 0) details.put("server-clock-ahead-at-least-ms", worstAhead / MS);
    if (worstBehind > 0) details.put("server-clock-behind-at-least-ms", worstBehind / MS);
    List<Finding> kept = findings.stream().limit(KEPT).toList();
    return Result.of("expiring-register", verdict)
        .summary(reads + " reads over " + byKey.size() + " keys" + (findings.isEmpty() ? "" : "; " + findings.size() + " violations"))
        .reason(verdict == Verdict.UNKNOWN ? NothingToJudge.reason(0, paired.operations().size(), paired.failed(), "successful read") : null)
        .explain(kept.stream().map(f -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("key", f.key());
          data.put("process", f.read().process().label());
          data.put("events", List.of(f.read().invocation().index(), f.read().completion().index()));
          data.put("read", f.read().output());
          if (f.clockErrorNs() > 0) data.put("server-clock-error-ms", f.clockErrorNs() / (double) MS);
          return new Explanation(f.type(), data, "key " + Values.show(f.key()) + ": " + f.text());
        }).toList())
        .witness(kept.stream().flatMap(f -> f.witness().stream()).toList())
        .details(details)
        .build();
  }

  /** What the clocks allowed, in one sentence for the result. */
  private String clocks(long ahead, long behind) {
    String base = "times are the client's monotonic clock; expiry is the server's wall clock, allowed to stray " + slackMs
        + " ms from true time over a value's life";
    if (ahead == 0 && behind == 0) return base + ": every read fits";
    return base + "; these reads need it " + (ahead > 0 ? "at least " + ms(ahead) + " ahead" : "")
        + (ahead > 0 && behind > 0 ? " and " : "") + (behind > 0 ? "at least " + ms(behind) + " behind" : "");
  }

  /** A read that found nothing: possible if at some moment of it no write had yet taken effect, or the last one could have expired. */
  private void absent(Operation read, Object key, Writes indexed, List<Refresh> refreshes, List<Finding> out) {
    long g0 = read.invocation().time(), g1 = read.completion().time();
    List<Write> writes = indexed.all;
    Write replacing = indexed.replacingBefore(g0);
    if (replacing == null) return; // no write certainly before it began
    long needed = NEVER; // the least the server's clock must be ahead for the read to miss
    Write blocking = null;
    long blockingExpiry = NEVER;
    // A write that ended before another, acknowledged before the read began, began is not the last one.
    long replacedBefore = replacing.earliest();
    for (Write x : writes) {
      if (x.latest() < replacedBefore || x.earliest() > g1) continue;
      // x can be the last write before t while no write certainly after it has completed.
      long until = g1;
      for (Write y : writes) {
        if (y != x && !y.op().crashed() && y.earliest() > x.latest()) until = Math.min(until, y.latest());
      }
      long from = Math.max(g0, x.earliest());
      if (until < from) continue;
      long expires = earliestExpiry(x, writes, refreshes, until);
      long short_ = expires - slackMs * MS - until;
      if (short_ <= 0) return; // it could have expired by then
      if (short_ < needed) {
        needed = short_;
        blocking = x;
        blockingExpiry = expires;
      }
    }
    if (blocking == null) return; // no write could be the last before it: the history's own contradiction, not expiry's
    long expires = blockingExpiry;
    out.add(new Finding("expired-early", read, key, read.named(read.f()) + " found nothing from " + at(g0) + " to " + at(g1)
        + ", but " + Values.show(blocking.value()) + ", written by " + blocking.op().named("set " + Values.show(blocking.value()))
        + " with " + blocking.ttlMs() + " ms to live, lived until " + at(expires) + " at the earliest: the server's clock must have run at least "
        + ms(needed + slackMs * MS) + " ahead of true time", needed + slackMs * MS,
        List.of(WitnessOp.of(WitnessOp.ANOMALY, key, read, read.f(), "found nothing"),
            WitnessOp.of(WitnessOp.BEFORE, key, blocking.op(), "set", "alive until " + at(expires) + " at the earliest"))));
  }

  /**
   * The earliest its value can expire as seen at {@code t}: a refresh sets the time to live anew
   * (PEXPIRE), so it may shorten it as well as lengthen it. The last of the write and the
   * refreshes that could have found its value decides; one is ruled out as the last when a
   * refresh that certainly found this value (ok true, no other write in between) began after it
   * ended and ended by {@code t}.
   */
  private static long earliestExpiry(Write x, List<Write> writes, List<Refresh> refreshes, long t) {
    // The earliest another write may take effect after x could: a refresh ending later may have found that one.
    long another = NEVER;
    for (Write y : writes) if (y != x && y.latest() > x.earliest()) another = Math.min(another, y.earliest());
    // Refreshes come in order of invocation: the last invocation of a refresh that certainly found x by t.
    long lastCertain = Long.MIN_VALUE;
    Refresh last = null;
    for (Refresh r : refreshes) {
      if (r.op().invocation().time() > t) break;
      if (r.op().crashed() || !Boolean.TRUE.equals(r.op().output()) || r.op().invocation().time() <= x.latest()
          || r.op().completion().time() > t || another < r.op().completion().time()) {
        continue;
      }
      lastCertain = r.op().invocation().time();
      last = r;
    }
    long expires = lastCertain > x.latest() ? NEVER : x.earliest() + x.ttlMs() * MS;
    for (Refresh r : refreshes) {
      if (r.op().invocation().time() > t) break;
      if (Boolean.FALSE.equals(r.op().output()) || !r.op().crashed() && r.op().completion().time() < x.earliest()) continue;
      long ended = r.op().crashed() ? NEVER : r.op().completion().time();
      if (last != null && last != r && lastCertain > ended) continue; // a refresh that certainly found x came after it
      expires = Math.min(expires, Math.max(r.op().invocation().time(), x.earliest()) + r.ttlMs() * MS);
    }
    return expires;
  }

  /** The latest its value expires: written as late as it could be, extended by every refresh that could have found it alive. */
  private static long latestExpiry(Write x, List<Refresh> refreshes, Refreshes index) {
    if (x.latest() == NEVER) return NEVER;
    long expires = x.latest() + x.ttlMs() * MS;
    // Refreshes come in order of invocation, and the expiry only grows: past the first one that
    // began after it, none can find the value alive. Those that ended before x began cannot
    // follow it, so the walk starts past them; a crashed one that began in time could, any time.
    for (int i = index.startingNear(x.earliest()); i < refreshes.size(); i++) {
      Refresh r = refreshes.get(i);
      if (r.op().invocation().time() > expires) break;
      if (r.op().crashed() || Boolean.FALSE.equals(r.op().output()) || r.op().completion().time() < x.earliest()) continue;
      expires = Math.max(expires, r.op().completion().time() + r.ttlMs() * MS);
    }
    return index.firstCrashed <= expires ? NEVER : expires;
  }

  /** Where in a key's refreshes (in order of invocation) a walk from a moment may start, and the first crashed one. */
  private static final class Refreshes {
    private final long[] invoked;
    private final long longest; // the longest a completed refresh took
    final long firstCrashed; // the invocation of the first crashed refresh, or NEVER

    Refreshes(List<Refresh> refreshes) {
      invoked = refreshes.stream().mapToLong(r -> r.op().invocation().time()).toArray();
      longest = refreshes.stream().filter(r -> !r.op().crashed()).mapToLong(r -> r.op().completion().time() - r.op().invocation().time())
          .max().orElse(0);
      firstCrashed = refreshes.stream().filter(r -> r.op().crashed()).mapToLong(r -> r.op().invocation().time()).min().orElse(NEVER);
    }

    /** The first refresh that may have ended at {@code t} or later. */
    int startingNear(long t) {
      int i = java.util.Arrays.binarySearch(invoked, t - longest);
      int at = i >= 0 ? i : -i - 1;
      while (at > 0 && invoked[at - 1] >= t - longest) at--;
      return at;
    }
  }

  private void present(Operation read, Object key, Writes indexed, List<Refresh> refreshes, Refreshes indexedRefreshes, List<Finding> out) {
    long g0 = read.invocation().time(), g1 = read.completion().time();
    Write x = indexed.byValue.get(read.output());
    if (x == null || x.earliest() > g1) {
      out.add(new Finding("unwritten-value", read, key, read.named("get") + " returned " + Values.show(read.output())
          + (x == null ? ", which no set wrote" : ", which " + x.op().named("set") + " wrote only after it ended"), 0,
          List.of(WitnessOp.of(WitnessOp.ANOMALY, key, read, "get", "unwritten value"))));
      return;
    }
    Write y = indexed.replacingBefore(g0); // an acknowledged write that began after x ended, and ended before the read began
    if (y != null && y.earliest() > x.latest()) {
      out.add(new Finding("stale-read", read, key, read.named("get") + " returned " + Values.show(x.value()) + ", which "
          + y.op().named("set " + Values.show(y.value())) + " had replaced before it began", 0,
          List.of(WitnessOp.of(WitnessOp.ANOMALY, key, read, "get", "stale"), WitnessOp.of(WitnessOp.BEFORE, key, x.op(), "set", "replaced"),
              WitnessOp.of(WitnessOp.BEFORE, key, y.op(), "set", "replaced it"))));
      return;
    }
    long expires = latestExpiry(x, refreshes, indexedRefreshes);
    long late = Math.max(g0, x.earliest()) - expires - slackMs * MS;
    if (expires != NEVER && late > 0) {
      out.add(new Finding("read-after-expiry", read, key, read.named("get") + " returned " + Values.show(x.value()) + " at " + at(g0)
          + " or later, but " + x.op().named("set " + Values.show(x.value())) + " gave it " + x.ttlMs() + " ms to live, so it expired by "
          + at(expires) + " at the latest" + (refreshes.isEmpty() ? "" : ", every refresh that could have found it counted")
          + ": the server's clock must have run at least " + ms(late + slackMs * MS) + " behind true time", late + slackMs * MS,
          List.of(WitnessOp.of(WitnessOp.ANOMALY, key, read, "get", "after expiry"),
              WitnessOp.of(WitnessOp.BEFORE, key, x.op(), "set", "expired by " + at(expires)))));
    }
  }

  private static String at(long nanos) {
    return String.format("%.3f s", nanos / 1e9);
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }

  private static MalformedHistoryException bad(History history, Operation op, String problem) {
    return new MalformedHistoryException(history.source(), 0, "event " + op.invocation().index() + ": " + problem);
  }
}
