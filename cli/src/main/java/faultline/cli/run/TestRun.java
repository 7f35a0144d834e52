package faultline.cli.run;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Progress;
import faultline.cli.ExitCode;
import faultline.cli.ProgressLine;
import faultline.cli.Terminal;
import faultline.cli.UserError;
import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.local.ExternalEnvironment;
import faultline.environments.local.PostgresVersions;
import faultline.environments.local.RedisVersions;
import faultline.nemesis.Fault;
import faultline.nemesis.FaultTally;
import faultline.nemesis.NemesisRun;
import faultline.results.RunFolder;
import faultline.results.SelfChecks;
import faultline.results.report.Reports;
import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariants;
import faultline.workloads.HistoryRecorder;
import faultline.workloads.RunStats;
import faultline.workloads.Runner;
import faultline.workloads.Targets;
import faultline.workloads.Workload;
import faultline.workloads.Workloads;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One run, wired end to end: run folder, environment, (toxics), clients, workers and recorder,
 * then the checkers, results.json and the summary. Returns DESIGN.md's exit code.
 */
public final class TestRun {
  private final TestPlan plan;
  private final Path store;
  private final PrintStream out;
  private final PrintStream err;

  public TestRun(TestPlan plan, Path store, PrintStream out, PrintStream err) {
    this.plan = plan;
    this.store = store;
    this.out = out;
    this.err = err;
  }

  public int execute() throws IOException, InterruptedException, MalformedHistoryException {
    if (plan.external() != null) {
      // Asked before a run folder exists: an endpoint that is not there, or refuses the credentials, is one line.
      try {
        ExternalEnvironment.probe(plan.external().endpoints());
      } catch (EnvironmentUnavailableException e) {
        throw new UserError(ExitCode.UNAVAILABLE, e.getMessage());
      }
    }
    LocalDateTime startedAt = LocalDateTime.now();
    RunFolder folder = RunFolder.create(store, plan.name(), startedAt);
    Map<String, Object> test = new LinkedHashMap<>(plan.toJson());
    test.put("started", startedAt.toString());
    folder.writeTest(test);
    err.printf("faultline: %s on %s (client %s, concurrency %d, %s s, seed %d); run folder %s%n", plan.name(), plan.topology(),
        plan.client(), plan.load().concurrency(), trim(plan.load().timeLimit().toMillis() / 1000.0), plan.load().seed(), folder);

    RunStats stats = new RunStats();
    FaultTally tally = plan.nemesis().isNone() ? null : new FaultTally(plan.nemesis().faults());
    Progress searched = new Progress();
    RunStatus progress = new RunStatus(stats, tally, plan.load().timeLimit(), searched);
    Workload workload = Workloads.byName(plan.workload(), ClientVariants.cas(plan.client()), plan.clientOptions().readFrom() == ClientOptions.ReadFrom.PRIMARY);
    if (plan.external() != null) workload = plan.external().prefixed(workload); // the servers may hold earlier runs' keys
    Runner.Summary summary;
    History history;
    Map<String, Object> nemesisOutcome = null;
    IOException historyFailure = null;
    Map<String, Path> nodeDirectories = new LinkedHashMap<>();
    Result outcome;
    long checkMillis;
    // One live line from the start to the end of the check: the phase, and what each phase does.
    try (ProgressLine line = progress.start(err)) {
      try (Environment env = startEnvironment(folder.nodes(), line)) {
        for (Node n : env.nodes()) nodeDirectories.put(n.name(), n.directory());
        // What ran, as each program says, before any fault: versions and effective durability.
        test.put("ran", RunFacts.of(env, plan.topology().isRedis()));
        folder.writeTest(test);
        slowReplication(env);
        try (ClientFactory clients = ClientVariants.open(plan.client(), targets(env), plan.clientOptions(), plan.load().concurrency())) {
          try {
            clients.setup();
          } catch (Exception e) {
            throw new UserError(ExitCode.UNAVAILABLE, plan.database() + " did not accept the workload's setup: " + e.getMessage());
          }
          // The history's clock starts with the load, not with the environment.
          try (HistoryRecorder recorder = new HistoryRecorder(folder.history())) {
            Runner runner = new Runner(plan.load(), workload, clients, recorder, stats);
            progress.enter(RunStatus.Phase.LOAD);
            // The nemesis runs beside the workers and heals before the final reads (NemesisRun).
            try (NemesisRun faults = plan.nemesis().isNone() ? null
                : NemesisRun.start(env, plan.nemesis().faults(), plan.nemesis().interval(), runner.pausePoints(), recorder, tally, plan.load().seed(), plan.load().timeLimit().toNanos())) {
              var healed = new AtomicReference<Map<String, Object>>();
              summary = runner.run(() -> {
                progress.enter(RunStatus.Phase.HEALING);
                if (faults != null) healed.set(faults.finish());
                progress.enter(RunStatus.Phase.FINAL_READS);
              });
              nemesisOutcome = healed.get();
            }
            history = recorder.history();
            recorder.close(); // its last lines are written before the failure is asked for
            historyFailure = recorder.failure().orElse(null);
          }
        }
        progress.enter(RunStatus.Phase.STOPPING);
      }
      // The load stopped at the failed write, and the environment is down by now (healed first).
      if (historyFailure != null) throw new UserError(ExitCode.UNAVAILABLE, cannotRecord(folder.history(), historyFailure));

      progress.enter(RunStatus.Phase.CHECKING);
      long checkStart = System.nanoTime();
      outcome = Checks.run(plan, workload, history, searched);
      outcome = SelfChecks.unlessLoaded(outcome, summary.generated(), summary.finalReads(), plan.load().timeLimit());
      checkMillis = (System.nanoTime() - checkStart) / 1_000_000;
    }
    List<SelfChecks.Finding> harness = plan.external() != null
        ? SelfChecks.ofExternal(history, test.get("ran"), outcome, nemesisOutcome)
        : SelfChecks.of(history, nodeDirectories, plan.topology().dataNodes() == 1, outcome, nemesisOutcome);
    Verdict verdict = SelfChecks.verdict(outcome.verdict(), harness);

    Map<String, Object> results = new LinkedHashMap<>();
    results.put("valid", verdict.json());
    if (verdict != outcome.verdict()) results.put("checkers-valid", outcome.verdict().json());
    if (!harness.isEmpty()) results.put("harness", harness.stream().map(SelfChecks.Finding::toJson).toList());
    if (outcome.reason() != null && outcome.parts().stream().allMatch(p -> p.verdict() == Verdict.VALID)) results.put("reason", outcome.reason());
    results.put("test", plan.name());
    results.put("stats", stats.toJson(summary));
    results.put("check-ms", checkMillis);
    results.put("checkers", outcome.parts().stream().map(Result::toJson).toList());
    if (nemesisOutcome != null) {
      results.put("nemesis", nemesisOutcome);
      // Beside the nemesis: adds a fault left unknown that turned up after all (the set checker's).
      outcome.parts().stream().map(p -> p.details().get("recovered-adds")).filter(Objects::nonNull).findFirst()
          .ifPresent(recovered -> results.put("recovered-adds", recovered));
      // A restart that found another process at the node's address, say.
      failedStops(history).ifPresent(err::println);
      if (nemesisOutcome.get("heal-error") != null) {
        err.println("faultline: the nemesis could not heal: " + Terminal.oneLine(String.valueOf(nemesisOutcome.get("heal-error"))));
      }
      if (!((List<?>) nemesisOutcome.get("leftovers")).isEmpty()) {
        err.println("faultline: the nemesis left faults behind: " + nemesisOutcome.get("leftovers"));
      }
    }
    folder.writeResults(results);
    Reports.renderAfterRun(folder.directory(), err); // report.html, junit.xml, summary.md

    printSummary(stats, summary, tally, outcome, folder);
    for (SelfChecks.Finding f : harness) {
      out.println("  " + f.kind().toUpperCase(Locale.ROOT) + ": " + Terminal.oneLine(f.reason()));
    }
    if (verdict != outcome.verdict()) {
      out.println("  verdict: " + verdictWord(verdict) + " (the checkers said " + verdictWord(outcome.verdict()) + "; see harness in results.json)");
    }
    out.flush();
    return switch (verdict) {
      case VALID -> ExitCode.VALID;
      case INVALID -> ExitCode.ANOMALY;
      case UNKNOWN -> ExitCode.UNKNOWN;
    };
  }

  /**
   * One line when stops of faults failed (a killed node that could not be started again, say
   * because another process answered at its address): the fault stayed on longer than the
   * schedule meant, and the history's fail ops alone would not tell the user.
   */
  static Optional<String> failedStops(History history) {
    List<Op> failed = history.ops().stream()
        .filter(op -> Process.NEMESIS.equals(op.process()) && op.type() == OpType.FAIL && op.f().startsWith("stop-"))
        .toList();
    if (failed.isEmpty()) return Optional.empty();
    Op first = failed.get(0);
    return Optional.of("faultline: " + failed.size() + " fault stop(s) failed, the fault staying on; the first, "
        + first.f() + ": " + Terminal.oneLine(String.valueOf(first.error())));
  }

  /** One line on a history that could not be written: a full disk says so in the words df users know. */
  static String cannotRecord(Path history, IOException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    if (reason.toLowerCase(Locale.ROOT).contains("no space left on device")) reason = "no space left on device";
    return reason + ": writing " + history + " failed, so the load stopped there; faults were healed and the environment "
        + "torn down (the history keeps its whole lines)";
  }

  /** Starts the servers; the live {@code line} is erased before a failure's details are printed. */
  private Environment startEnvironment(Path nodes, ProgressLine line) {
    try {
      List<String> redisSettings = plan.topology().runsRedis() && !plan.appendfsync().equals(TestPlan.DEFAULT_APPENDFSYNC)
          ? List.of("appendfsync " + plan.appendfsync()) // after the nodes' own, so it wins
          : List.of();
      return Environments.start(plan.kind(), plan.topology(), nodes, new Environments.Request(plan.replication(), redisSettings,
          plan.nemesis().faults().stream().anyMatch(Fault::needsDiskStall),
          plan.nemesis().faults().stream().anyMatch(Fault::needsClockControl),
          plan.postgresVersion() != null ? postgresPrograms(plan.postgresVersion()) : null,
          plan.redisVersion() != null ? redisPrograms(plan.redisVersion()) : null,
          plan.inventory(), plan.external() != null ? plan.external().endpoints() : List.of(), plan.images(),
          progress -> err.println("faultline: docker image: " + progress)));
    } catch (EnvironmentUnavailableException e) {
      line.close();
      if (!e.details().isEmpty()) err.println(e.details().indent(2).stripTrailing());
      throw new UserError(ExitCode.UNAVAILABLE, e.getMessage());
    } catch (IllegalArgumentException e) {
      if (plan.kind() != EnvironmentKind.SSH) throw e;
      line.close();
      throw new UserError(ExitCode.USAGE, e.getMessage()); // an inventory that does not fit the run
    }
  }

  /** --postgres-version: a folder of programs as given, or a version's, fetched (once) from Maven Central. */
  private static Path postgresPrograms(String version) {
    if (version.contains("/")) return PostgresVersions.folder(version);
    try {
      return PostgresVersions.binaries(version);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }

  /** --redis-version: a folder holding redis-server, or null when the installed one is the version asked for. */
  private static Path redisPrograms(String version) {
    try {
      return RedisVersions.programs(version);
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }

  /** Adds the plan's latency to every replication link, in the direction data flows to replicas. */
  private void slowReplication(Environment env) throws IOException {
    if (plan.replicationLatencyMillis() <= 0) return;
    List<Link> replication = env.links().stream().filter(l -> l.kind() == Link.Kind.REPLICATION).toList();
    if (replication.isEmpty()) throw new UserError(ExitCode.USAGE, plan.topology() + " has no replication links to slow down");
    for (Link link : replication) {
      link.proxy().toxics().latency("replication-latency", ToxicDirection.DOWNSTREAM, plan.replicationLatencyMillis());
    }
  }

  private static Targets targets(Environment env) {
    try {
      return Targets.of(env);
    } catch (IllegalStateException e) {
      throw new UserError(ExitCode.UNAVAILABLE, e.getMessage());
    }
  }

  private void printSummary(RunStats stats, Runner.Summary summary, FaultTally tally, Result outcome, RunFolder folder) {
    Histogram h = stats.latencies();
    out.printf("%s: %,d ops in %s s (%,.0f ops/s): %,d ok, %,d fail, %,d info%n", plan.name(), stats.completed(),
        trim(Math.round(summary.mainPhaseNanos() / 1e8) / 10.0), stats.opsPerSecond(summary), stats.ok(), stats.fail(), stats.info());
    out.printf("  latency ms: p50 %s  p90 %s  p99 %s  p99.9 %s  max %s%n", ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
        trim(h.getMaxValue() / 1000.0));
    if (tally != null) out.println("  faults: " + Terminal.oneLine(tally.summary()));
    for (Result checker : outcome.parts()) {
      out.printf("  %s: %s (%s; checked in %s ms)%n", checker.name(), verdictWord(checker),
          Terminal.oneLine(String.valueOf(checker.summary())), checker.details().get("check-ms"));
      if (checker.reason() != null) out.println("    undecided: " + Terminal.oneLine(checker.reason()));
      List<String> lines = checker.lines();
      lines.stream().limit(SHOWN_EXPLANATIONS).forEach(text -> text.lines().forEach(line -> out.println("    " + Terminal.oneLine(line))));
      if (lines.size() > SHOWN_EXPLANATIONS) out.println("    ... and " + (lines.size() - SHOWN_EXPLANATIONS) + " more (results.json)");
    }
    if (outcome.verdict() == Verdict.UNKNOWN && outcome.parts().stream().allMatch(p -> p.verdict() == Verdict.VALID)) {
      out.println("  UNKNOWN: " + Terminal.oneLine(String.valueOf(outcome.reason())));
    }
    out.printf("results: %s (history.jsonl, test.json, results.json, nodes/)%n", folder);
    if (outcome.verdict() == Verdict.INVALID && plan.workload().equals("register")) {
      out.printf("  re-check: bin/faultline check --model %s %s%n", plan.model(), folder.history());
    }
    out.flush();
  }

  /** Explanations per checker in the terminal summary; results.json and the report have the rest. */
  private static final int SHOWN_EXPLANATIONS = 3;

  private static String verdictWord(Result r) {
    return verdictWord(r.verdict());
  }

  private static String verdictWord(Verdict v) {
    return switch (v) {
      case VALID -> "valid";
      case INVALID -> "INVALID";
      case UNKNOWN -> "UNKNOWN";
    };
  }

  private static String ms(Histogram h, double percentile) {
    return trim(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static String trim(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }
}
