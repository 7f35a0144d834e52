package faultline.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One test of your code, set up step by step and run with {@link #run()}. Made by {@link
 * Faultline#test}. Defaults: {@link Topology#REDIS_SINGLE}, the counter workload, no faults, 10 s
 * of load by 4 logical processes, a random seed (recorded in test.json), faults every 2 s.
 */
public final class TestBuilder {
  final String name;
  Topology topology = Topology.REDIS_SINGLE;
  Servers servers;
  ClientFactory clients;
  Workload workload = Workloads.counter();
  List<Fault> faults = List.of();
  Duration interval = Duration.ofSeconds(2);
  Duration timeLimit = Duration.ofSeconds(10);
  Duration checkTimeLimit = Duration.ofSeconds(60);
  int concurrency = 4;
  double rate = 200;
  long seed = ThreadLocalRandom.current().nextLong();
  Path store = defaultStore();
  PrintStream log = System.err;
  /** Set by {@link FaultlineExtension}: run() fails on an anomaly, and on unknown unless this is true. */
  Boolean asserting;

  TestBuilder(String name) {
    if (name == null || name.isBlank()) throw new FaultlineException("a test needs a name");
    this.name = name;
  }

  /**
   * Where run folders go unless {@link #store} says: the system property {@code faultline.store},
   * else {@code target/faultline} (Maven's build folder).
   */
  static Path defaultStore() {
    return Path.of(System.getProperty("faultline.store", "target/faultline"));
  }

  /**
   * The servers to start for this test, and stop after it.
   *
   * @param topology which servers
   * @return this builder
   */
  public TestBuilder topology(Topology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
    return this;
  }

  /**
   * Servers already running (kept for several tests), emptied before this test starts; the
   * topology is theirs.
   *
   * @param servers the servers
   * @return this builder
   */
  public TestBuilder on(Servers servers) {
    this.servers = Objects.requireNonNull(servers, "servers");
    this.topology = servers.topology();
    return this;
  }

  /**
   * Your code: a new {@link Client} per logical process, given the endpoints. Required.
   *
   * @param clients opens a client
   * @return this builder
   */
  public TestBuilder clients(ClientFactory clients) {
    this.clients = clients;
    return this;
  }

  /**
   * The operations and their checkers; {@link Workloads#counter()} by default.
   *
   * @param workload the workload
   * @return this builder
   */
  public TestBuilder workload(Workload workload) {
    this.workload = Objects.requireNonNull(workload, "workload");
    return this;
  }

  /**
   * The faults, each in turn, for {@link #nemesisInterval} after as long a quiet; none by default.
   *
   * @param faults the faults
   * @return this builder
   */
  public TestBuilder nemesis(Fault... faults) {
    this.faults = List.of(faults);
    return this;
  }

  /**
   * How long each fault lasts, and the quiet before it (2 s by default).
   *
   * @param interval positive
   * @return this builder
   */
  public TestBuilder nemesisInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) throw new FaultlineException("the nemesis interval must be positive, not " + interval);
    this.interval = interval;
    return this;
  }

  /**
   * How long the load runs (10 s by default); final reads and checking come after.
   *
   * @param timeLimit positive
   * @return this builder
   */
  public TestBuilder timeLimit(Duration timeLimit) {
    if (timeLimit.isNegative() || timeLimit.isZero()) throw new FaultlineException("the time limit must be positive, not " + timeLimit);
    this.timeLimit = timeLimit;
    return this;
  }

  /**
   * How long the checks may take before they say unknown (60 s by default).
   *
   * @param checkTimeLimit positive
   * @return this builder
   */
  public TestBuilder checkTimeLimit(Duration checkTimeLimit) {
    if (checkTimeLimit.isNegative() || checkTimeLimit.isZero()) throw new FaultlineException("the check time limit must be positive");
    this.checkTimeLimit = checkTimeLimit;
    return this;
  }

  /**
   * How many logical processes run at once, each with its own client (4 by default).
   *
   * @param concurrency at least 1
   * @return this builder
   */
  public TestBuilder concurrency(int concurrency) {
    if (concurrency < 1) throw new FaultlineException("concurrency must be at least 1, not " + concurrency);
    this.concurrency = concurrency;
    return this;
  }

  /**
   * Operations per second over all processes (200 by default); 0 for as fast as they go.
   *
   * @param rate not negative
   * @return this builder
   */
  public TestBuilder rate(double rate) {
    if (!(rate >= 0)) throw new FaultlineException("the rate must not be negative, not " + rate);
    this.rate = rate;
    return this;
  }

  /**
   * The seed of the operations and the faults (random by default, recorded in test.json).
   *
   * @param seed any
   * @return this builder
   */
  public TestBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Where run folders go: {@code STORE/NAME/TIME} (by default {@code target/faultline}, or the
   * system property {@code faultline.store}).
   *
   * @param store a folder
   * @return this builder
   */
  public TestBuilder store(Path store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Where the run's few lines of progress go (standard error by default).
   *
   * @param log a stream
   * @return this builder
   */
  public TestBuilder log(PrintStream log) {
    this.log = Objects.requireNonNull(log, "log");
    return this;
  }

  /**
   * Runs the test: servers, load under faults, heal, final reads, checks, run folder and reports.
   *
   * @return what it found; an anomaly is a result, not an exception (but a test made by {@link
   *     FaultlineExtension#test} fails with an AssertionError on an anomaly, and on unknown unless allowed)
   * @throws FaultlineException when the test cannot run as written (no client, a model that does
   *     not fit the workload, servers that cannot start, a client that throws when opened)
   * @throws InterruptedException when interrupted
   */
  public Result run() throws InterruptedException {
    Result result = new Run(this).execute();
    if (asserting != null) result.assertValid(asserting);
    return result;
  }
}
