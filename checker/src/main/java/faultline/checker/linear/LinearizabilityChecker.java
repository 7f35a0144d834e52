package faultline.checker.linear;

import faultline.checker.NothingToJudge;
import faultline.checker.Verdict;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.model.Decider;
import faultline.checker.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a history is linearizable with respect to a model.
 *
 * <p>Linearizability is compositional (Herlihy and Wing): a history is linearizable iff each
 * independent object's sub-history is. So the history is split by key and then by the model's own
 * partitions, and the parts are searched in parallel on every core; the first invalid part
 * cancels the others. Crashed reads are dropped first: they changed nothing and their result is
 * unknown, so they can always be linearized (or not) without effect; so are crashed ops whose
 * effect nothing observed ({@link Model#withoutUnobservable}).
 */
public final class LinearizabilityChecker {
  private final int threads;
  private final boolean deciders;

  public LinearizabilityChecker() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public LinearizabilityChecker(int threads) {
    this(threads, true);
  }

  /**
   * @param deciders whether a model's own {@link Decider} (a register's zones) decides the parts
   *     it applies to instead of the search (tests turn it off to compare the two)
   */
  public LinearizabilityChecker(int threads, boolean deciders) {
    this.threads = Math.max(1, threads);
    this.deciders = deciders;
  }

  public <S> LinearizabilityResult check(PairedHistory history, Model<S> model, Budget budget) throws MalformedHistoryException {
    return check(history, model, budget, new Progress());
  }

  public <S> LinearizabilityResult check(PairedHistory history, Model<S> model, Budget budget, Progress progress)
      throws MalformedHistoryException {
    List<Operation> operations = history.operations();
    List<Operation> all = new ArrayList<>(operations);
    all.addAll(history.failedOperations());
    for (Operation op : all) {
      String problem = model.problem(op);
      if (problem != null) {
        int line = (int) history.history().lineOf(positionOf(history, op));
        throw new MalformedHistoryException(history.history().source(), line, problem);
      }
    }
    List<Part> parts = partition(operations, model);
    if (parts.isEmpty()) {
      // Nothing searched proves nothing: a history of faults only, or of crashed reads, is no
      // evidence. But when every client operation failed, nothing took effect: valid, as Knossos
      // says, with the reason (NothingToJudge, the rule every checker follows).
      Verdict verdict = NothingToJudge.verdict(operations.size(), 0, history.failed());
      return new LinearizabilityResult(model.name(), verdict, null, verdict == Verdict.VALID
          ? NothingToJudge.reason(0, 0, history.failed(), "") : nothingToCheck(history), operations.size(),
          (int) history.crashed(), history.failed(), List.of());
    }
    progress.planned(parts.size());
    List<PartitionResult> results = search(parts, model, budget, progress);

    Verdict verdict = Verdict.VALID;
    Witness witness = null;
    String reason = null;
    for (PartitionResult r : results) verdict = verdict.and(r.verdict());
    if (verdict == Verdict.INVALID) {
      witness = results.stream().filter(r -> r.verdict() == Verdict.INVALID).findFirst().orElseThrow().witness()
          .during(FaultWindows.of(history.history()));
    } else if (verdict == Verdict.UNKNOWN) {
      reason = results.stream().filter(r -> r.verdict() == Verdict.UNKNOWN).findFirst().orElseThrow().reason();
    }
    int crashed = (int) history.crashed();
    return new LinearizabilityResult(model.name(), verdict, witness, reason, operations.size(), crashed, history.failed(), results);
  }

  /** Why a history with no operation to search has no verdict, with what it held instead. */
  static String nothingToCheck(PairedHistory history) {
    List<String> held = new ArrayList<>();
    if (!history.nemesisEvents().isEmpty()) held.add(history.nemesisEvents().size() + " nemesis events");
    if (history.failed() > 0) held.add(history.failed() + " failed operations");
    if (history.crashed() > 0) held.add(history.crashed() + " crashed operations that changed nothing");
    return NO_CLIENT_OPERATION + (held.isEmpty() ? "" : " (only " + String.join(", ", held) + ")");
  }

  /** The start of the reason given when a history has no client operation to check. */
  public static final String NO_CLIENT_OPERATION = "no client operation to check";

  private static int positionOf(PairedHistory history, Operation op) {
    // The invocation's index is its position when the reader numbered events itself.
    List<Op> events = history.history().ops();
    int guess = (int) Math.min(Math.max(op.invocation().index(), 0), events.size() - 1);
    if (events.get(guess) == op.invocation()) return guess;
    for (int i = 0; i < events.size(); i++) if (events.get(i) == op.invocation()) return i;
    return 0;
  }

  private record Part(Object key, List<Operation> ops) {}

  private static <S> List<Part> partition(List<Operation> operations, Model<S> model) {
    Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
    for (Operation op : operations) {
      if (op.crashed() && model.isReadOnly(op)) continue;
      byKey.computeIfAbsent(op.key() == null ? NO_KEY : op.key(), k -> new ArrayList<>()).add(op);
    }
    List<Part> parts = new ArrayList<>();
    byKey.forEach((key, ops) -> {
      for (List<Operation> part : model.partition(model.withoutUnobservable(ops))) {
        parts.add(new Part(key == NO_KEY ? null : key, part));
      }
    });
    return parts;
  }

  private static final Object NO_KEY = new Object();

  private <S> List<PartitionResult> search(List<Part> parts, Model<S> model, Budget budget, Progress progress) {
    if (parts.isEmpty()) return List.of();
    // Largest first, so the long searches start early and small ones fill the gaps.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt((Integer i) -> -parts.get(i).ops().size()));

    PartitionResult[] results = new PartitionResult[parts.size()];
    if (threads == 1 || parts.size() == 1) {
      for (int i : order) results[i] = decide(parts.get(i), model, budget, progress);
      return List.of(results);
    }
    // At most `threads` searches at once: each worker takes the next partition, largest first.
    AtomicInteger next = new AtomicInteger();
    int workers = Math.min(Math.min(threads, SearchThreads.SIZE), parts.size());
    List<Future<?>> futures = new ArrayList<>(workers);
    for (int w = 0; w < workers; w++) {
      futures.add(SearchThreads.POOL.submit(() -> {
        for (int n = next.getAndIncrement(); n < order.size(); n = next.getAndIncrement()) {
          int i = order.get(n);
          results[i] = decide(parts.get(i), model, budget, progress);
        }
      }));
    }
    try {
      for (Future<?> f : futures) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      budget.cancel();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      budget.cancel();
      throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
    }
    return List.of(results);
  }

  /** The model's own decider where it has one that applies, else the search. */
  private <S> PartitionResult decide(Part part, Model<S> model, Budget budget, Progress progress) {
    Optional<Decider.Decision> decided = deciders && !budget.cancelled() ? model.decider().flatMap(d -> d.decide(part.ops())) : Optional.empty();
    if (decided.isEmpty()) return searchOne(part, model, budget, progress);
    Decider.Decision d = decided.get();
    PartitionResult r;
    if (d.linearizable()) {
      r = new PartitionResult(part.key(), part.ops().size(), Verdict.VALID, null, null, 0);
    } else {
      // The search's witness (a prefix and what rules out every next op) is the more familiar
      // one; give it a few seconds. It must agree: if it says valid, something is wrong, and the
      // only safe verdict is unknown.
      PartitionResult searched = new PartitionSearch<>(model, part.ops(), part.key(), Budget.of(Duration.ofSeconds(2), 0)).run();
      if (searched.verdict() == Verdict.INVALID) {
        r = searched;
      } else if (searched.verdict() == Verdict.VALID) {
        r = new PartitionResult(part.key(), part.ops().size(), Verdict.UNKNOWN, null,
            "internal disagreement: the model's decider found a violation the search does not (please report this history)", 0);
      } else {
        String stuck = model.describeOperation(d.violating());
        Witness w = new Witness(part.key(), List.of(), d.violating(), stuck, model.describeState(model.init()),
            List.of(new Witness.Attempt(d.violating(), stuck, d.explanation())));
        r = new PartitionResult(part.key(), part.ops().size(), Verdict.INVALID, w, null, 0);
      }
      budget.cancel();
    }
    progress.finished(part.ops().size());
    return r;
  }

  private static <S> PartitionResult searchOne(Part part, Model<S> model, Budget budget, Progress progress) {
    if (budget.cancelled()) {
      return new PartitionResult(part.key(), part.ops().size(), Verdict.UNKNOWN, null, "cancelled: another partition was found invalid", 0);
    }
    PartitionResult r = new PartitionSearch<>(model, part.ops(), part.key(), budget).run();
    if (r.verdict() == Verdict.INVALID) budget.cancel();
    progress.finished(part.ops().size());
    return r;
  }
}
