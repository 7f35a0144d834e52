package faultline.checker.model;

import faultline.checker.Checker;
import faultline.checker.UnknownName;
import faultline.checker.expiry.ExpiringRegisterChecker;
import faultline.checker.jobs.JobsChecker;
import faultline.checker.leaderboard.MemberScores;
import faultline.checker.leaderboard.TopKChecker;
import faultline.checker.lock.FencingChecker;
import faultline.checker.lock.MutexChecker;
import faultline.checker.lock.ProtectedCounterChecker;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model registry: every model faultline knows, by the names the command line uses, each
 * declared once ({@link ModelKind}). A new model is its class and one entry here (and, if its
 * functions are distinctive, a line in {@link ModelGuess}); help, docs and the refusal of an
 * unknown name follow. The workloads whose runs are judged by checkers of their own rather than
 * by the search (lock, fenced-lock, leaderboard, jobs, session) are entries too, under the
 * workload's name, with the checkers their runs compose, so that {@code faultline check} of a
 * run's history.jsonl gives its results.json's verdicts.
 */
public final class Models {
  /**
   * Jepsen's set-full: not a sequential model but a checker of its own (every element through
   * every read), which the command line runs instead of the linearizability search. As a model
   * for that search it is the set.
   */
  public static final String SET_FULL = "set-full";

  public static final ModelKind REGISTER = ModelKind.named("register").shows("read/write")
      .make(Register::plain).nilReads().wholeValues().build();
  public static final ModelKind CAS_REGISTER = ModelKind.named("cas-register").shows("read/write/cas `[from to]`")
      .make(Register::withCas).nilReads().wholeValues().build();
  public static final ModelKind KV = ModelKind.named("kv").shows("get/put/append on strings, per key")
      .make(KeyValue::new).wholeValues().build();
  public static final ModelKind MULTI_REGISTER = ModelKind.named("multi-register")
      .shows("Knossos `:txn` of `[:read k v]` and `[:write k v]`").make(MultiRegister::new).nilReads().build();
  public static final ModelKind SET = ModelKind.named("set").shows("add/read").make(initial -> new GrowSet()).build();
  public static final ModelKind COUNTER = ModelKind.named("counter")
      .shows("add/read; sums are exact, past 64 bits too, and a read must return an integer").make(Counter::new).build();
  public static final ModelKind MUTEX = ModelKind.named("mutex").shows("acquire/release").make(initial -> new Mutex()).build();
  public static final ModelKind FIFO_QUEUE = ModelKind.named("fifo-queue").shows("enqueue/dequeue, in order")
      .make(initial -> new FifoQueue()).build();
  public static final ModelKind UNORDERED_QUEUE = ModelKind.named("unordered-queue").shows("enqueue/dequeue, in any order")
      .make(initial -> new UnorderedQueue()).build();
  public static final ModelKind SET_FULL_KIND = ModelKind.named(SET_FULL)
      .shows("add/read: every element through every read, each one lost, stale or never read")
      .make(initial -> new GrowSet()).build();

  /**
   * How long a claim of unknown outcome may still hide a job from other workers, as the jobs
   * workload's run judges it: past a Redis lease, and long enough for PostgreSQL to roll back a
   * transaction whose client went away.
   */
  public static final long JOBS_HOLD_MS = 10_000;

  /**
   * How far the store's clock may stray from the history's, for jobs and sessions: Redis' TIME and
   * expiry in whole milliseconds, and a little drift.
   */
  public static final long CLOCK_SLACK_MS = 5;

  public static final ModelKind LOCK = ModelKind.named("lock")
      .shows("acquire/release of a lock per key, the holder's add to the counter it protects, and reads of that counter")
      .judgedBy(() -> named(MutexChecker.NAME, new MutexChecker(), ProtectedCounterChecker.NAME, new ProtectedCounterChecker()))
      .build();
  public static final ModelKind FENCED_LOCK = ModelKind.named("fenced-lock")
      .shows("the lock's functions with fencing tokens (each add carries its holder's `token`): two holders may overlap, no stale write may be accepted")
      .judgedBy(() -> named(ProtectedCounterChecker.NAME, new ProtectedCounterChecker(), FencingChecker.NAME, new FencingChecker()))
      .build();
  public static final ModelKind LEADERBOARD = ModelKind.named("leaderboard")
      .shows("incr `[member n]`, score of a member, top k of a board per key: every score a counter, every top read one some state gives")
      .judgedBy(() -> named("member-scores", new MemberScores(), "top-k", new TopKChecker()))
      .build();
  public static final ModelKind JOBS = ModelKind.named("jobs")
      .shows("schedule `[job delay-ms]`, run, pending of a queue per key: each job run once, never before it is due, none left behind")
      .judgedBy(() -> named("jobs", new JobsChecker(JobsChecker.Promise.EXACTLY_ONCE, JOBS_HOLD_MS, CLOCK_SLACK_MS)))
      .build();
  public static final ModelKind SESSION = ModelKind.named("session")
      .shows("set `[value ttl-ms]`, get, refresh `ttl-ms` per key: a register whose value expires")
      .judgedBy(() -> named("expiring-register", new ExpiringRegisterChecker(CLOCK_SLACK_MS)))
      .build();

  /** Every model, in the order help, docs and refusals list them. */
  public static final List<ModelKind> ALL = List.of(REGISTER, CAS_REGISTER, KV, MULTI_REGISTER, SET, COUNTER, MUTEX, FIFO_QUEUE,
      UNORDERED_QUEUE, SET_FULL_KIND, LOCK, FENCED_LOCK, LEADERBOARD, JOBS, SESSION);

  public static final List<String> NAMES = ALL.stream().map(ModelKind::name).toList();

  /** The models of the linearizability search ({@link ModelKind#searched}): what {@code run --model} and users' operations take. */
  public static final List<String> SEARCHED_NAMES = ALL.stream().filter(ModelKind::searched).map(ModelKind::name).toList();

  private Models() {}

  /** The model named {@code name}, or an exception naming the nearest. */
  public static ModelKind kind(String name) {
    return ALL.stream().filter(k -> k.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(UnknownName.message("model", name, NAMES)));
  }

  /**
   * The model named {@code name} starting from {@code initial} (null: the model's default), or an
   * exception naming the nearest, or saying that {@code name} is judged by checkers rather than a
   * model.
   */
  public static Model<?> byName(String name, Object initial) {
    if (!NAMES.contains(name)) throw new IllegalArgumentException(UnknownName.message("model", name, SEARCHED_NAMES));
    return kind(name).make(initial);
  }

  private static Map<String, Checker> named(String name, Checker checker) {
    Map<String, Checker> out = new LinkedHashMap<>();
    out.put(name, checker);
    return out;
  }

  /** Two checkers, run in this order. */
  private static Map<String, Checker> named(String first, Checker checker, String second, Checker then) {
    Map<String, Checker> out = named(first, checker);
    out.put(second, then);
    return out;
  }
}
