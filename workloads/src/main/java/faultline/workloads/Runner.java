package faultline.workloads;

import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.workloads.generator.Generator;
import faultline.workloads.generator.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs a workload: {@code concurrency} workers on virtual threads, each a logical process, take
 * ops from the shared generator at the scheduled rate until the time limit; then, after the
 * recovery wait, they read every key once more (final reads). Every invocation and completion goes
 * to the recorder.
 *
 * <p>A worker whose op ends in {@code info} retires its process, closes its client and goes on as
 * process {@code p + concurrency} with a new client, because the old op may still take effect
 * (Jepsen does the same).
 */
public final class Runner {
  /** How long a worker waits after it could not connect, so an unreachable database is not hammered. */
  private static final long CONNECT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final RunConfig config;
  private final ClientFactory clients;
  private final HistoryRecorder recorder;
  private final RunStats stats;
  private final Generator generator;
  private final Schedule schedule;
  private final PausePoints pausePoints;

  public Runner(RunConfig config, Workload workload, ClientFactory clients, HistoryRecorder recorder, RunStats stats) {
    this.config = config;
    this.clients = clients;
    this.recorder = recorder;
    this.stats = stats;
    this.generator = new Generator(workload, config.seed(), config.keysInFlight(), config.opsPerKey());
    this.schedule = new Schedule(config.rate(), config.seed());
    this.pausePoints = new PausePoints(config.concurrency());
  }

  /** The workers' pause points, by worker index: what the {@code client-pause} fault freezes. */
  public PausePoints pausePoints() {
    return pausePoints;
  }

  /** What happened, in numbers; verdicts come from the checkers. */
  public record Summary(long mainPhaseNanos, long finalPhaseNanos, long generated, int keys, int finalReads) {}

  /** What runs between the main phase and the recovery wait. */
  @FunctionalInterface
  public interface BeforeFinalReads {
    void run() throws InterruptedException;
  }

  public Summary run() throws InterruptedException {
    return run(() -> {});
  }

  /**
   * Runs the main phase, then {@code beforeFinalReads} (the nemesis heals there: DESIGN.md's final
   * reads after the heal, however long the heal takes), then the recovery wait and final reads.
   */
  public Summary run(BeforeFinalReads beforeFinalReads) throws InterruptedException {
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < config.concurrency(); i++) workers.add(new Worker(i));
    try {
      long start = System.nanoTime();
      long deadline = start + config.timeLimit().toNanos();
      inParallel(workers, w -> w.mainPhase(deadline), deadline);
      long mainEnd = System.nanoTime();
      beforeFinalReads.run();

      List<Invocation> reads = recorder.failed() ? List.of() : generator.finalReads();
      if (!reads.isEmpty()) {
        Thread.sleep(config.recoveryWait().toMillis());
        ConcurrentLinkedQueue<FinalRead> queue = new ConcurrentLinkedQueue<>();
        reads.forEach(r -> queue.add(new FinalRead(r, 1)));
        // Each read may be tried finalReadAttempts times and each try is bounded by the op timeout.
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        inParallel(workers, w -> w.finalPhase(queue, bound), bound);
      }
      return new Summary(mainEnd - start, System.nanoTime() - mainEnd, generator.generated(), generator.keysUsed(), reads.size());
    } finally {
      for (Worker w : workers) w.closeClient();
    }
  }

  private static void inParallel(List<Worker> workers, Consumer<Worker> phase, long deadline)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (Worker w : workers) threads.add(Thread.ofVirtual().name("faultline-worker-" + w.index).start(() -> phase.accept(w)));
    // Every op is bounded by its timeout, so a worker ends soon after the deadline; the margin
    // covers an op timeout and a connect timeout. A worker stuck beyond it is interrupted.
    long margin = TimeUnit.SECONDS.toNanos(30);
    for (Thread t : threads) {
      long left = deadline + margin - System.nanoTime();
      if (!t.join(Duration.ofNanos(Math.max(1, left)))) t.interrupt();
    }
  }

  private record FinalRead(Invocation op, int attempt) {}

  /** One logical process at a time, with its client. */
  private final class Worker {
    final int index;
    long process;
    Client client;
    /** The op the client asked to run next (see {@link Client#next}), or null. */
    Invocation followUp;

    Worker(int index) {
      this.index = index;
      this.process = index;
    }

    void mainPhase(long deadline) {
      while (!Thread.currentThread().isInterrupted()) {
        long now = System.nanoTime();
        if (now - deadline >= 0 || recorder.failed()) return; // unrecorded ops would be checked by no one
        long slot = schedule.nextSlot(now);
        if (slot - deadline >= 0) return;
        if (!sleepUntil(slot)) return;
        // A client's own next steps (a lock holder's write, then its release) follow at once.
        for (Invocation op = generator.next(); op != null && !Thread.currentThread().isInterrupted(); op = followUp) {
          followUp = null;
          perform(op);
          if (System.nanoTime() - deadline >= 0 || recorder.failed()) return;
        }
      }
    }

    void finalPhase(ConcurrentLinkedQueue<FinalRead> queue, long bound) {
      FinalRead read;
      while (!Thread.currentThread().isInterrupted() && System.nanoTime() - bound < 0 && (read = queue.poll()) != null) {
        OpType outcome = perform(read.op());
        if (outcome != OpType.OK && read.attempt() < config.finalReadAttempts()) {
          queue.add(new FinalRead(read.op(), read.attempt() + 1));
          sleepUntil(System.nanoTime() + CONNECT_BACKOFF_NANOS);
        }
      }
    }

    OpType perform(Invocation op) {
      Process p = Process.client(process);
      if (client == null) {
        try {
          client = clients.open();
        } catch (Exception e) {
          // Nothing was sent: the op certainly did not happen.
          long invoked = recorder.invoke(p, op).time();
          long done = recorder.complete(p, op, Completion.fail("cannot connect: " + oneLine(e))).time();
          stats.record(OpType.FAIL, done - invoked);
          sleepUntil(System.nanoTime() + CONNECT_BACKOFF_NANOS);
          return OpType.FAIL;
        }
      }
      long invoked = recorder.invoke(p, op).time();
      Completion c;
      try {
        c = client.invoke(op, pausePoints.of(index, process));
      } catch (Exception e) {
        c = Completion.info(oneLine(e)); // any doubt: it may have happened
      }
      long done = recorder.complete(p, op, c).time();
      stats.record(c.type(), done - invoked);
      if (c.type() == OpType.INFO) {
        closeClient();
        process += config.concurrency();
      } else {
        followUp = client.next(op, c);
      }
      return c.type();
    }

    void closeClient() {
      if (client == null) return;
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // A broken connection may fail to close; the process is retired either way.
      }
      client = null;
    }
  }

  /** Sleeps until {@code nanoTime}; false when interrupted. */
  private static boolean sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) return false;
    }
    return true;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
