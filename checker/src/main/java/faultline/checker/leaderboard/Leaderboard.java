package faultline.checker.leaderboard;

import faultline.checker.history.ExactIntegers;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A leaderboard history's operations, as the leaderboard workload writes them; the key is the
 * board (one sorted set, one table's rows):
 *
 * <ul>
 *   <li>{@code incr}, value {@code [member n]}: add n to the member's score (ZINCRBY, or
 *       {@code score = score + n}); a member is created by its first increment;
 *   <li>{@code score}, invoked with the member, returning {@code [member score]}, score nil when
 *       the board has no such member (ZSCORE);
 *   <li>{@code top}, invoked with k (at most 0: every member), returning {@code [[member score]
 *       ...]} highest first (ZREVRANGE 0 k-1 WITHSCORES, {@code ORDER BY score DESC LIMIT k}).
 * </ul>
 *
 * Scores are integers; a score read as a float (Redis replies with one) counts when it is whole.
 */
public final class Leaderboard {
  public static final String INCR = "incr";
  public static final String SCORE = "score";
  public static final String TOP = "top";

  private Leaderboard() {}

  /** One member's score as a read returned it (null score: no such member). */
  public record Entry(Object member, Long score) {}

  /** An increment's {@code [member n]}. */
  static Entry increment(Op op) {
    Entry e = pair(op, op.value());
    if (e.score() == null) throw bad(op, "an incr needs [member n], got " + Values.show(op.value()));
    return e;
  }

  /** A score read's {@code [member score]}. */
  static Entry scoreRead(Op completion) {
    return pair(completion, completion.value());
  }

  /** A top read's entries, highest first as returned. */
  static List<Entry> topRead(Op completion) {
    if (!(completion.value() instanceof List<?> entries)) {
      throw bad(completion, "a top read returns [[member score] ...], got " + Values.show(completion.value()));
    }
    List<Entry> out = new ArrayList<>();
    for (Object entry : entries) {
      Entry e = pair(completion, entry);
      if (e.score() == null) throw bad(completion, "a top read's entry needs a score, got " + Values.show(entry));
      out.add(e);
    }
    return out;
  }

  /** A top read's k, from its invocation: at most 0 for every member. */
  static long k(Op invocation) {
    Long k = whole(invocation.value());
    if (k == null) throw bad(invocation, "a top read is invoked with k, got " + Values.show(invocation.value()));
    return k;
  }

  private static Entry pair(Op op, Object value) {
    if (!(value instanceof List<?> pair) || pair.size() != 2 || pair.getFirst() == null) {
      throw bad(op, op.f() + " needs [member score], got " + Values.show(value));
    }
    Object score = pair.get(1);
    Long whole = whole(score);
    if (score != null && whole == null) throw bad(op, "a score must be a whole number, got " + Values.show(score));
    return new Entry(pair.getFirst(), whole);
  }

  /** A whole number as a long, or null when {@code v} is not one (or does not fit 64 bits). */
  static Long whole(Object v) {
    BigInteger exact = ExactIntegers.of(v);
    if (exact != null) return exact.bitLength() < 64 ? exact.longValue() : null;
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p62) return d.longValue();
    return null;
  }

  /** Bad input, refused by the checkers as a {@link MalformedHistoryException} naming the history. */
  static IllegalArgumentException bad(Op op, String problem) {
    return new IllegalArgumentException("event " + op.index() + ": " + problem);
  }

  static MalformedHistoryException malformed(History history, IllegalArgumentException e) {
    return new MalformedHistoryException(history.source(), 0, e.getMessage());
  }
}
