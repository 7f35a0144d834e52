package faultline.api;

import faultline.checker.history.History;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.workloads.HistoryRecorder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a concurrent {@link Plan} against your code and judges the history with faultline's
 * checkers: the oracle of a jqwik property ({@link Plans}). Each process of the plan runs on a
 * platform thread of its own with its own {@link Client}; all start together at a gate; each
 * operation is recorded as it is invoked and completed, as in a run; then, for workloads that end
 * so (counters, sets), every key is read once more, alone. The workload's checkers judge the
 * history, so a failure explains itself as a run's would.
 *
 * <h2>What thread-scheduled interleavings can and cannot find</h2>
 *
 * <p>The threads are scheduled by the JVM and the operating system, not by faultline, so a plan
 * runs in whichever interleaving the scheduler happens to choose. That finds races whose window
 * is wide compared with the time between the threads' starts: code that reads, computes and
 * writes back over a network or a lock, a check-then-act across two calls, a missing transaction.
 * It can miss races whose window is a few instructions wide (two threads rarely meet there), and
 * it cannot force a particular interleaving, replay one, or prove that none fails: a plan that
 * passes may fail on another repetition. Repeating each plan ({@link #repetitions}) widens the
 * search; a model checker that controls the schedule (Lincheck's, say) explores interleavings
 * systematically, which this does not. What one interleaving produced is judged exactly: a
 * failure is a real history your code produced, not a guess.
 *
 * <p>Against real servers ({@link #on}) the plan's operations go through the proxies, without
 * faults: the servers are emptied before each repetition.
 */
public final class PlanCheck {
  private final Workload workload;
  private final int repetitions;
  private final Servers servers;
  private final Duration checkTimeLimit;

  private PlanCheck(Workload workload, int repetitions, Servers servers, Duration checkTimeLimit) {
    this.workload = workload;
    this.repetitions = repetitions;
    this.servers = servers;
    this.checkTimeLimit = checkTimeLimit;
  }

  /**
   * Checks plans of {@code workload}'s operations with its checkers, 10 repetitions per plan, in
   * memory.
   *
   * @param workload what judges the history (its keys and operations per key do not matter here)
   * @return the check
   */
  public static PlanCheck of(Workload workload) {
    if (workload == null) throw new FaultlineException("a plan check needs the workload whose checkers judge it");
    return new PlanCheck(workload, 10, null, Duration.ofSeconds(10));
  }

  /**
   * How often each plan is run before it counts as passing; the first failing repetition is the
   * result.
   *
   * @param repetitions at least 1
   * @return a new check
   */
  public PlanCheck repetitions(int repetitions) {
    if (repetitions < 1) throw new FaultlineException("repetitions must be at least 1, not " + repetitions);
    return new PlanCheck(workload, repetitions, servers, checkTimeLimit);
  }

  /**
   * Runs plans against {@code servers}, emptied before each repetition.
   *
   * @param servers running servers
   * @return a new check
   */
  public PlanCheck on(Servers servers) {
    return new PlanCheck(workload, repetitions, servers, checkTimeLimit);
  }

  /**
   * Runs {@code plan} against a fresh system per repetition and judges it.
   *
   * @param plan the plan
   * @param system a fresh system under test for each repetition: the factory of its clients (in
   *     memory, make the shared state inside this supplier, so that no repetition sees another's)
   * @return the first failing repetition's result, or the last one's; it names the plan
   * @throws FaultlineException when a client cannot be opened, or the workload has no checker
   */
  public Result check(Plan plan, Supplier<ClientFactory> system) {
    faultline.workloads.Workload internal = workload.internal("plan");
    Result last = null;
    for (int i = 0; i < repetitions; i++) {
      last = once(plan, internal, system.get());
      if (last.verdict() != Verdict.VALID) return last;
    }
    return last;
  }

  private Result once(Plan plan, faultline.workloads.Workload internal, ClientFactory factory) {
    if (factory == null) throw new FaultlineException("the plan's system supplied no client factory");
    if (servers != null) servers.clear();
    Endpoints endpoints = servers == null ? Endpoints.none() : servers.endpoints();
    int n = plan.processes().size();
    List<faultline.workloads.Client> clients = new ArrayList<>();
    Path file = null;
    try {
      for (int p = 0; p <= n; p++) clients.add(UserClients.adapt(open(factory, endpoints)));
      file = Files.createTempFile("faultline-plan-", ".jsonl");
      History history;
      long ok = 0, fail = 0, info = 0;
      try (HistoryRecorder recorder = new HistoryRecorder(file)) {
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < n; p++) {
          int process = p;
          threads.add(Thread.ofPlatform().name("faultline-plan-p" + p).start(() -> {
            try {
              gate.await();
            } catch (InterruptedException e) {
              return;
            }
            perform(recorder, clients.get(process), process, n, plan.processes().get(process));
          }));
        }
        gate.countDown();
        for (Thread t : threads) {
          if (!t.join(Duration.ofSeconds(60))) throw new FaultlineException("process " + t.getName() + " of plan " + plan + " did not end in 60 s");
        }
        if (internal.finalReads()) {
          List<faultline.workloads.Invocation> reads = plan.keys().stream().map(k -> internal.newKey(k).finalRead()).toList();
          perform(recorder, clients.get(n), n, n + 1, reads.stream().map(r -> new Invocation(r.f(), r.key(), r.value())).toList());
        }
        history = recorder.history();
      }
      for (var op : history.ops()) {
        if (op.type() == OpType.OK) ok++;
        else if (op.type() == OpType.FAIL) fail++;
        else if (op.type() == OpType.INFO) info++;
      }
      faultline.checker.Result outcome = Run.judge(workload, internal, history, checkTimeLimit, "plan " + plan);
      return new Result("plan " + plan, Verdict.of(outcome.verdict()), outcome.parts().stream().map(Check::of).toList(), List.of(),
          outcome.verdict() == faultline.checker.Verdict.UNKNOWN ? outcome.reason() : null, null, ok, fail, info);
    } catch (IOException e) {
      throw new FaultlineException("cannot record plan " + plan + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultlineException("interrupted while plan " + plan + " ran", e);
    } finally {
      clients.forEach(faultline.workloads.Client::close);
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  private static Client open(ClientFactory factory, Endpoints endpoints) {
    try {
      Client c = factory.open(endpoints);
      if (c == null) throw new FaultlineException("the client factory returned null");
      return c;
    } catch (FaultlineException e) {
      throw e;
    } catch (Exception e) {
      throw new FaultlineException("the client factory threw: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }
  }

  /**
   * One process's operations in order; after an info the process is retired and the rest run as
   * a fresh process (numbered {@code stride} higher), as a run's workers do.
   */
  private static void perform(HistoryRecorder recorder, faultline.workloads.Client client, int first, int stride, List<Invocation> ops) {
    long process = first;
    for (Invocation op : ops) {
      faultline.workloads.Invocation inv = new faultline.workloads.Invocation(op.f(), op.key(), op.value());
      Process p = Process.client(process);
      recorder.invoke(p, inv);
      faultline.workloads.Completion c;
      try {
        c = client.invoke(inv);
      } catch (Exception e) {
        c = faultline.workloads.Completion.info(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
      recorder.complete(p, inv, c);
      if (c.type() == OpType.INFO) process += stride;
    }
  }
}
