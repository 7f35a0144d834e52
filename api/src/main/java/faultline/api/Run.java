package faultline.api;

import faultline.checker.Checkers;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.linear.Budget;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.local.Iptables;
import faultline.nemesis.FaultTally;
import faultline.nemesis.NemesisRun;
import faultline.results.RunFolder;
import faultline.results.SelfChecks;
import faultline.results.report.Reports;
import faultline.workloads.CheckOptions;
import faultline.workloads.HistoryRecorder;
import faultline.workloads.RunConfig;
import faultline.workloads.RunStats;
import faultline.workloads.Runner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One test of a user's client, wired as {@code faultline run} wires one (cli's TestRun): run
 * folder and test.json, servers, a worker per logical process under faultline's Runner and
 * HistoryRecorder, the same NemesisRun beside them, the workload's checkers, the run's checks of
 * itself (SelfChecks), results.json and the reports. What differs: the clients are the user's,
 * nothing is printed but a few lines to the builder's log, and bad usage is a {@link
 * FaultlineException} rather than an exit code.
 */
final class Run {
  /** The pause between the main phase and the final reads, and how often a final read is tried. */
  private static final Duration RECOVERY_WAIT = Duration.ofSeconds(1);
  private static final int FINAL_READ_ATTEMPTS = 3;

  private final TestBuilder t;

  Run(TestBuilder t) {
    this.t = t;
  }

  @SuppressWarnings("try") // the recorder is closed early on purpose, before its failure is asked for
  Result execute() throws InterruptedException {
    if (t.clients == null) throw new FaultlineException(t.name + ": no client: say .clients(endpoints -> new YourClient(...))");
    faultline.workloads.Workload workload = t.workload.internal(t.name);
    faultline.environments.Topology topology = t.topology.internal();
    List<faultline.nemesis.Fault> faults = t.faults.stream().map(Fault::internal).toList();
    checkFaults(topology, faults);
    RunConfig load = new RunConfig(t.concurrency, t.timeLimit, t.rate, t.workload.keys(), t.workload.opsPerKey(), t.seed, RECOVERY_WAIT,
        FINAL_READ_ATTEMPTS);

    LocalDateTime startedAt = LocalDateTime.now();
    RunFolder folder;
    Map<String, Object> test = testJson(faults, startedAt);
    try {
      folder = RunFolder.create(t.store, t.name, startedAt);
      folder.writeTest(test);
    } catch (IOException | IllegalArgumentException e) {
      throw new FaultlineException(t.name + ": cannot make its run folder under " + t.store + ": " + e.getMessage(), e);
    }
    t.log.printf("faultline: %s on %s (%s, concurrency %d, %d ms, seed %d); run folder %s%n", t.name, t.topology, t.workload,
        t.concurrency, t.timeLimit.toMillis(), t.seed, folder);

    RunStats stats = new RunStats();
    Map<String, Path> nodeDirectories = new LinkedHashMap<>();
    Runner.Summary summary;
    History history;
    Map<String, Object> nemesisOutcome;
    IOException historyFailure;
    boolean shared = t.servers != null;
    if (shared) t.servers.clear();
    Environment env = shared ? t.servers.environment()
        : Servers.startEnvironment(t.topology, folder.nodes(), faults.stream().anyMatch(faultline.nemesis.Fault::needsDiskStall),
            faults.stream().anyMatch(faultline.nemesis.Fault::needsClockControl));
    Endpoints endpoints = null;
    try {
      for (Node n : env.nodes()) nodeDirectories.put(n.name(), n.directory());
      endpoints = shared ? t.servers.endpoints() : Servers.endpoints(env, t.topology, t.concurrency);
      probe(endpoints);
      try (HistoryRecorder recorder = new HistoryRecorder(folder.history())) {
        Runner runner = new Runner(load, workload, new UserClients(t.clients, endpoints), recorder, stats);
        FaultTally tally = faults.isEmpty() ? null : new FaultTally(faults);
        var healed = new AtomicReference<Map<String, Object>>();
        // The nemesis runs beside the workers and heals before the final reads.
        try (NemesisRun nemesis = faults.isEmpty() ? null
            : NemesisRun.start(env, faults, t.interval, runner.pausePoints(), recorder, tally, t.seed, t.timeLimit.toNanos())) {
          summary = runner.run(() -> {
            if (nemesis != null) healed.set(nemesis.finish());
          });
        }
        nemesisOutcome = healed.get();
        history = recorder.history();
        recorder.close(); // its last lines are written before the failure is asked for
        historyFailure = recorder.failure().orElse(null);
      } catch (IOException e) {
        throw new FaultlineException(t.name + ": cannot write " + folder.history() + ": " + e.getMessage(), e);
      }
    } finally {
      if (!shared) {
        if (endpoints != null) endpoints.close();
        env.close();
      }
    }
    if (historyFailure != null) {
      throw new FaultlineException(t.name + ": writing " + folder.history() + " failed (" + historyFailure.getMessage() + "), so the load stopped");
    }

    long checkStart = System.nanoTime();
    faultline.checker.Result outcome = judge(t.workload, workload, history, t.checkTimeLimit, t.name);
    outcome = SelfChecks.unlessLoaded(outcome, summary.generated(), summary.finalReads(), t.timeLimit);
    long checkMillis = (System.nanoTime() - checkStart) / 1_000_000;
    List<SelfChecks.Finding> harness = SelfChecks.of(history, nodeDirectories, topology.dataNodes() == 1, outcome, nemesisOutcome);
    faultline.checker.Verdict verdict = SelfChecks.verdict(outcome.verdict(), harness);

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("valid", verdict.json());
    if (verdict != outcome.verdict()) results.put("checkers-valid", outcome.verdict().json());
    if (!harness.isEmpty()) results.put("harness", harness.stream().map(SelfChecks.Finding::toJson).toList());
    // As faultline run writes it: a reason of the whole, when no checker gave one of its own.
    if (outcome.reason() != null && outcome.parts().stream().allMatch(p -> p.verdict() == faultline.checker.Verdict.VALID)) {
      results.put("reason", outcome.reason());
    }
    results.put("test", t.name);
    results.put("stats", stats.toJson(summary));
    results.put("check-ms", checkMillis);
    results.put("checkers", outcome.parts().stream().map(faultline.checker.Result::toJson).toList());
    if (nemesisOutcome != null) results.put("nemesis", nemesisOutcome);
    try {
      folder.writeResults(results);
    } catch (IOException e) {
      throw new FaultlineException(t.name + ": cannot write " + folder.resultsFile() + ": " + e.getMessage(), e);
    }
    Reports.renderAfterRun(folder.directory(), t.log); // report.html, junit.xml, summary.md

    String reason = verdict == faultline.checker.Verdict.UNKNOWN
        ? (harness.isEmpty() ? outcome.reason() : harness.get(0).reason()) : null;
    return new Result(t.name, Verdict.of(verdict), outcome.parts().stream().map(Check::of).toList(),
        harness.stream().map(f -> f.kind() + ": " + f.reason()).toList(), reason, folder.directory(), stats.ok(), stats.fail(), stats.info());
  }

  /** The workload's checkers, composed, on {@code history}: the same verdicts faultline run gives (cli's Checks). */
  static faultline.checker.Result judge(Workload api, faultline.workloads.Workload workload, History history, Duration limit, String test) {
    String model = api.modelName() == null ? "cas-register" : api.modelName();
    try {
      return Checkers.compose(workload.checkers(new CheckOptions(model, limit))).check(history, Budget.of(limit, 0));
    } catch (MalformedHistoryException e) {
      throw new FaultlineException(test + ": its history cannot be checked: " + e.getMessage(), e);
    }
  }

  /** Faults the topology cannot have, or that need what is missing, are refused before anything starts. */
  private void checkFaults(faultline.environments.Topology topology, List<faultline.nemesis.Fault> faults) {
    for (faultline.nemesis.Fault f : faults) {
      f.unsupportedIn(topology).ifPresent(why -> {
        throw new FaultlineException(t.name + ": " + why);
      });
      if (t.servers != null && (f.needsDiskStall() || f.needsClockControl())) {
        throw new FaultlineException(t.name + ": fault " + f.name() + " needs servers of its own, started with its library: drop on(servers)");
      }
    }
    if (faults.stream().anyMatch(f -> f.needsPacketFilter(topology))) {
      Iptables.system().unavailable().ifPresent(why -> {
        throw new FaultlineException(t.name + ": its faults on " + topology + " cut single pairs of nodes with iptables, but " + why);
      });
    }
  }

  /** Opens one client before any fault: a factory that throws now is the test's mistake, not a fault's. */
  private void probe(Endpoints endpoints) {
    Client client;
    try {
      client = t.clients.open(endpoints);
    } catch (Exception | LinkageError e) {
      throw new FaultlineException(t.name + ": the client factory threw before any fault: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), e);
    }
    if (client == null) throw new FaultlineException(t.name + ": the client factory returned null");
    try {
      client.close();
    } catch (RuntimeException e) {
      // closing is the client's business; its opening was the question
    }
  }

  private Map<String, Object> testJson(List<faultline.nemesis.Fault> faults, LocalDateTime startedAt) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", t.name);
    out.put("database", t.topology.isRedis() ? "redis" : "postgres");
    out.put("topology", t.topology.id());
    out.put("workload", t.workload.name());
    out.put("client", "java");
    out.put("client-class", t.clients.getClass().getName());
    out.put("concurrency", t.concurrency);
    out.put("time-limit-s", t.timeLimit.toMillis() / 1000.0);
    out.put("rate", t.rate);
    out.put("keys", t.workload.keys());
    out.put("ops-per-key", t.workload.opsPerKey());
    out.put("seed", t.seed);
    if (t.workload.modelName() != null) out.put("model", t.workload.modelName());
    out.put("check-time-limit-s", t.checkTimeLimit.toMillis() / 1000.0);
    if (faults.isEmpty()) {
      out.put("nemesis", "none");
    } else {
      Map<String, Object> nemesis = new LinkedHashMap<>();
      nemesis.put("faults", faults.stream().map(faultline.nemesis.Fault::name).toList());
      nemesis.put("interval-s", t.interval.toMillis() / 1000.0);
      out.put("nemesis", nemesis);
    }
    out.put("servers", t.servers != null ? "kept for several tests" : "started for this test");
    out.put("started", startedAt.toString());
    return out;
  }
}
