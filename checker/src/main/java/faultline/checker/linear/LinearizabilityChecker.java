package faultline.checker.linear;

import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Operation;
import faultline.checker.history.PairedHistory;
import faultline.checker.model.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decides whether a history is linearizable with respect to a model.
 *
 * <p>Linearizability is compositional (Herlihy and Wing): a history is linearizable iff each
 * independent object's sub-history is. So the history is split by key and then by the model's own
 * partitions, and the parts are searched in parallel on every core; the first invalid part
 * cancels the others. Crashed reads are dropped first: they changed nothing and their result is
 * unknown, so they can always be linearized (or not) without effect.
 */
public final class LinearizabilityChecker {
  private final int threads;

  public LinearizabilityChecker() {
    this(Runtime.getRuntime().availableProcessors());
  }

  public LinearizabilityChecker(int threads) {
    this.threads = Math.max(1, threads);
  }

  public <S> LinearizabilityResult check(PairedHistory history, Model<S> model, Budget budget) throws MalformedHistoryException {
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
    List<PartitionResult> results = search(parts, model, budget);

    Verdict verdict = Verdict.VALID;
    Witness witness = null;
    String reason = null;
    for (PartitionResult r : results) verdict = verdict.and(r.verdict());
    if (verdict == Verdict.INVALID) {
      witness = results.stream().filter(r -> r.verdict() == Verdict.INVALID).findFirst().orElseThrow().witness();
    } else if (verdict == Verdict.UNKNOWN) {
      reason = results.stream().filter(r -> r.verdict() == Verdict.UNKNOWN).findFirst().orElseThrow().reason();
    }
    int crashed = (int) history.crashed();
    return new LinearizabilityResult(model.name(), verdict, witness, reason, operations.size(), crashed, history.failed(), results);
  }

  private static int positionOf(PairedHistory history, Operation op) {
    // The invocation's index is its position when the reader numbered events itself.
    List<faultline.checker.history.Op> events = history.history().ops();
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
      for (List<Operation> part : model.partition(ops)) parts.add(new Part(key == NO_KEY ? null : key, part));
    });
    return parts;
  }

  private static final Object NO_KEY = new Object();

  private <S> List<PartitionResult> search(List<Part> parts, Model<S> model, Budget budget) {
    if (parts.isEmpty()) return List.of();
    // Largest first, so the long searches start early and small ones fill the gaps.
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) order.add(i);
    order.sort(Comparator.comparingInt((Integer i) -> -parts.get(i).ops().size()));

    PartitionResult[] results = new PartitionResult[parts.size()];
    if (threads == 1 || parts.size() == 1) {
      for (int i : order) results[i] = searchOne(parts.get(i), model, budget);
      return List.of(results);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, parts.size()), r -> {
      Thread t = new Thread(r, "faultline-search");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PartitionResult>> futures = new ArrayList<>(parts.size());
      for (int i = 0; i < parts.size(); i++) futures.add(null);
      for (int i : order) {
        Part part = parts.get(i);
        futures.set(i, pool.submit(() -> searchOne(part, model, budget)));
      }
      for (int i = 0; i < parts.size(); i++) results[i] = futures.get(i).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      budget.cancel();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      budget.cancel();
      throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return List.of(results);
  }

  private static <S> PartitionResult searchOne(Part part, Model<S> model, Budget budget) {
    if (budget.cancelled()) {
      return new PartitionResult(part.key(), part.ops().size(), Verdict.UNKNOWN, null, "cancelled: another partition was found invalid", 0);
    }
    PartitionResult r = new PartitionSearch<>(model, part.ops(), part.key(), budget).run();
    if (r.verdict() == Verdict.INVALID) budget.cancel();
    return r;
  }
}
