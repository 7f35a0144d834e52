package faultline.checker.set;

import faultline.checker.Verdict;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one definition of Jepsen's set analysis by final reads, fed element by element in history
 * order: an element whose write was acknowledged before a key's final read (its last successful
 * read) began must be in that read, else it was lost; no read may hold an element nobody had yet
 * tried to write. The set checker feeds it adds and reads; list-append's lost-append check feeds
 * it the appends and reads inside transactions.
 */
public final class FinalReadLoss {
  private final Map<Object, Set<Long>> attempted = new HashMap<>();
  private final Map<Object, Map<Long, Op>> acknowledgedAt = new LinkedHashMap<>(); // key -> element -> its ok completion
  private final Map<Object, Read> finalRead = new HashMap<>();
  private final Map<Object, Set<Long>> unexpected = new LinkedHashMap<>();
  private final Map<Object, Set<Long>> uncertain = new LinkedHashMap<>(); // key -> elements whose write ended info

  private record Read(Op invocation, Op completion, Set<Long> elements) {}

  /** A write of {@code element} to {@code key} was invoked. */
  public void attempted(Object key, long element) {
    attempted.computeIfAbsent(key, k -> new HashSet<>()).add(element);
  }

  /** The write of {@code element} was acknowledged by {@code completion}. */
  public void acknowledged(Object key, long element, Op completion) {
    acknowledgedAt.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(element, completion);
  }

  /** The write of {@code element} ended {@code info}: it may or may not have taken effect. */
  public void uncertain(Object key, long element) {
    uncertain.computeIfAbsent(key, k -> new TreeSet<>()).add(element);
  }

  /** A successful read of {@code key}; the last one fed is the key's final read. */
  public void read(Object key, Collection<?> elements, Op invocation, Op completion) {
    Set<Long> seen = new HashSet<>();
    for (Object e : elements) {
      long element = element(e);
      seen.add(element);
      if (!attempted.getOrDefault(key, Set.of()).contains(element)) unexpected.computeIfAbsent(key, k -> new TreeSet<>()).add(element);
    }
    finalRead.put(key, new Read(invocation, completion, seen));
  }

  /**
   * The verdict: invalid when an element was lost or unexpected; unknown when a key with
   * acknowledged writes has no successful read, or no key was read at all.
   *
   * @param checker the result's name (set, lost-appends)
   * @param noun what a write is called in the words of the result (add, append)
   */
  public SetResult result(History history, String checker, String noun) {
    List<SetResult.KeyLoss> lost = new ArrayList<>();
    List<Op> lostAcknowledgements = new ArrayList<>();
    List<Object> unread = new ArrayList<>();
    Set<Object> keys = new HashSet<>(attempted.keySet());
    keys.addAll(finalRead.keySet());
    for (var entry : acknowledgedAt.entrySet()) {
      Read read = finalRead.get(entry.getKey());
      if (read == null) {
        unread.add(entry.getKey());
        continue;
      }
      TreeSet<Long> missing = new TreeSet<>();
      entry.getValue().forEach((element, ack) -> {
        if (ack.index() < read.invocation().index() && !read.elements().contains(element)) {
          missing.add(element);
          lostAcknowledgements.add(ack);
        }
      });
      if (!missing.isEmpty()) lost.add(new SetResult.KeyLoss(entry.getKey(), missing, read.invocation().index(), read.completion().index()));
    }
    Verdict verdict = !lost.isEmpty() || !unexpected.isEmpty() ? Verdict.INVALID
        : !unread.isEmpty() || finalRead.isEmpty() ? Verdict.UNKNOWN : Verdict.VALID;
    long acknowledged = acknowledgedAt.values().stream().mapToLong(Map::size).sum();
    LossTiming timing = LossTiming.of(lostAcknowledgements, FaultWindows.of(history), noun);
    return new SetResult(checker, noun, verdict, keys.size(), acknowledged, lost, unexpected, unread, timing, recovered());
  }

  /**
   * Writes whose outcome was unknown ({@code info}: a timeout, a reset) and whose element the key's
   * final read shows: they took effect after all. Listing them shows that the checker counted an
   * {@code info} write as "may have happened" rather than as lost or as failed.
   */
  private Map<Object, List<Long>> recovered() {
    Map<Object, List<Long>> recovered = new LinkedHashMap<>();
    uncertain.forEach((key, elements) -> {
      Read read = finalRead.get(key);
      if (read == null) return;
      List<Long> found = elements.stream().filter(read.elements()::contains).toList();
      if (!found.isEmpty()) recovered.put(key, found);
    });
    return recovered;
  }

  /** An element as histories hold it: a whole number. */
  public static long element(Object value) {
    if (value instanceof Long || value instanceof Integer) return ((Number) value).longValue();
    throw new IllegalArgumentException("element " + Values.show(value) + " is not a whole number");
  }
}
