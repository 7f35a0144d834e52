package faultline.cli;

import faultline.checker.UnknownName;
import com.fasterxml.jackson.databind.SerializationFeature;
import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.NilReads;
import faultline.checker.linear.Budget;
import faultline.checker.linear.Progress;
import faultline.checker.txn.KeyOrders;
import faultline.checker.txn.TransactionalCheckers;
import faultline.results.report.ReportFolder;
import faultline.results.report.Reports;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline check}: is each history linearizable under a model, or free of the anomalies of transactions? */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    resourceBundle = "faultline.cli.RegistryHelp",
    description = {
      "Checks histories for linearizability, the weaker models and transactional anomalies.",
      "Registers, kv, sets, counters, queues and mutexes: linearizability, then (unless --linearizable-only) the weaker "
          + "models: sequential, the session guarantees (read-your-writes, monotonic-reads, monotonic-writes, "
          + "writes-follow-reads), convergence, and the counter's and set-full's own analyses.",
      "Transactions (list-append, rw-register): Elle's analyses, the dependency cycles (G0, G1c, G-single, G2) and "
          + "G1a, G1b, lost updates, judged against the consistency models (--consistency-models, --anomalies); "
          + "bank: the totals and negative balances; long-fork: reads that disagree on the order of writes.",
      "Locks, leaderboards, scheduled jobs and sessions: the checks their workloads' runs make (mutual exclusion, the "
          + "protected counter, fencing; member scores and top-k reads; each job once and on time; expiry).",
      "Reads faultline JSONL, a JSON array of ops, Jepsen EDN, history.txt or log lines, or a Jepsen run folder; "
          + "the model is guessed from the functions used unless --model names it.",
      "Exit codes: 0 all valid, 1 a violation, 2 unknown (out of time or memory), 64 bad input."
    })
public final class CheckCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "NAME", descriptionKey = "check-model") // the names from the registries (RegistryHelp)
  String model;

  @Option(names = "--consistency-models", paramLabel = "M,...",
      description = "transactional histories: the models to judge, whose verdict is the exit code (default: strict-serializable)")
  String consistencyModels;

  @Option(names = "--anomalies", paramLabel = "A,...",
      description = "transactional histories: look only for these anomalies and those implying them (as Elle expands them)")
  String anomalies;

  @Option(names = "--wfr-keys", description = "rw-register: a transaction's write follows the version it read of that key")
  boolean wfrKeys;

  @Option(names = "--sequential-keys", description = "rw-register: each process sees each key's versions in order")
  boolean sequentialKeys;

  @Option(names = "--linearizable-keys", description = "rw-register: real time orders each key's versions")
  boolean linearizableKeys;

  @Option(names = "--group-size", paramLabel = "N",
      description = "long-fork: compare reads within groups of N integer keys (0..N-1, N..2N-1, ...), as Jepsen and elle-cli do; default: reads of the same keys")
  Integer groupSize;

  @Option(names = "--negative-balances", description = "bank: balances may be negative")
  boolean negativeBalances;

  @Option(names = "--initial", paramLabel = "V", description = "initial value: nil, a number, or text (default: the model's: nil, 0 or empty)")
  String initial;

  @Option(names = "--format", paramLabel = "F", defaultValue = "auto", description = "auto, jsonl, json, edn, jepsen-txt or jepsen-log (default: auto)")
  String format;

  @Option(names = "--nil-reads", paramLabel = "R",
      description = "unknown (a nil read constrains nothing, as in Knossos) or value (it read nil); default: by format (unknown for EDN, JSON arrays and history.txt)")
  String nilReads;

  @Option(names = "--time-limit", paramLabel = "S",
      description = "seconds each file may take, reading included; past it the verdict is unknown (default: " + DEFAULT_TIME_LIMIT_S + ")")
  Double timeLimit;

  /** Without --time-limit a file still gets a bound: a crafted history must not run for hours. */
  static final int DEFAULT_TIME_LIMIT_S = 600;

  @Option(names = "--memory-limit", paramLabel = "MB", description = "MiB the search may hold; past it the verdict is unknown (default: half the heap)")
  Long memoryLimit;

  @Option(names = "--json", description = "print one JSON document instead of text")
  boolean json;

  @Option(names = "--quiet", description = "no progress line")
  boolean quiet;

  @Option(names = "--linearizable-only",
      description = "skip the weaker models (sequential, session guarantees, convergence, counter, set-full), e.g. for benchmarks")
  boolean linearizableOnly;

  @Option(names = "--report", paramLabel = "DIR", description = "also write report.html, junit.xml and summary.md to DIR (a subfolder per file when several)")
  Path reportDirectory;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "history files")
  List<Path> files;

  @Override
  public Integer call() throws Exception {
    HistoryFormat chosenFormat = inputFormat(format);
    NilReads reading = nilReads == null ? null : NilReads.ofLabel(nilReads);
    if (nilReads != null && reading == null) {
      throw new UserError(ExitCode.USAGE, UnknownName.message("--nil-reads", nilReads, Arrays.stream(NilReads.values()).map(NilReads::label).toList()));
    }
    if (model != null && !HistoryCheck.MODEL_NAMES.contains(model)) {
      throw new UserError(ExitCode.USAGE, UnknownName.message("model", model, HistoryCheck.MODEL_NAMES));
    }
    if (groupSize != null && (groupSize < 1 || !"long-fork".equals(model))) {
      throw new UserError(ExitCode.USAGE, "--group-size needs --model long-fork and a group of 1 or more keys, got " + groupSize
          + (model == null ? " without --model" : " with --model " + model));
    }
    CheckedTransactions.models(consistencyModels, anomalies); // refuses unknown names before any file is read
    CheckedTransactions.anomalies(anomalies);
    Duration time = OptionRanges.positiveSeconds("--time-limit", timeLimit == null ? DEFAULT_TIME_LIMIT_S : timeLimit);
    Long memoryBytes = memoryLimit == null ? null : OptionRanges.mebibytes("--memory-limit", memoryLimit);
    Object initialValue = parseInitial(initial);
    if (reportDirectory != null) requireReportFolders();

    PrintStream out = System.out;
    Progress progress = new Progress();
    long started = System.nanoTime();
    List<FileCheck> checks = new ArrayList<>();
    for (Path file : files) checks.add(new FileCheck(file, chosenFormat, reading, initialValue, progress, time, memoryBytes));
    // Files are checked side by side (each also searches its partitions on every core): many
    // small histories, like the etcd corpus, would otherwise leave cores idle.
    int parallel = sideBySide();
    // Daemon threads: a file past its time limit is abandoned (its reader may not stop at once), and
    // the process exits without waiting for it.
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "check");
      t.setDaemon(true);
      return t;
    });
    try (ProgressLine line = ProgressLine.start(quiet || json, () -> status(progress, started))) {
      List<Future<?>> futures = new ArrayList<>();
      for (FileCheck c : checks) futures.add(pool.submit(c::run));
      for (int i = 0; i < checks.size(); i++) {
        FileCheck c = checks.get(i);
        awaitWithin(futures.get(i), c, time);
        synchronized (line) {
          c.notes.forEach(note -> System.err.println("faultline: " + Terminal.oneLine(note)));
          if (c.error != null) System.err.println("faultline: " + Terminal.oneLine(c.error));
          else if (!json) {
            if (c.abandoned != null) out.println(c.file + ": UNKNOWN: " + c.abandoned);
            else if (TransactionalCheckers.judged(c.result)) CheckedTransactions.print(out, c.file, c.result);
            else CheckedText.print(out, c.file, c.result, c.millis, checks.size() == 1);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }

    List<Map<String, Object>> reports = new ArrayList<>();
    boolean badInput = false;
    Verdict overall = Verdict.VALID;
    long totalNanos = 0;
    for (FileCheck c : checks) {
      reports.add(c.report);
      totalNanos += c.nanos;
      if (c.error != null && c.outOfMemory) overall = overall.and(Verdict.UNKNOWN);
      else if (c.error != null) badInput = true;
      else if (c.abandoned != null) overall = overall.and(Verdict.UNKNOWN);
      else overall = overall.and(c.result.verdict());
    }
    if (reportDirectory != null) writeReports(checks, chosenFormat);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("valid", badInput ? "unknown" : overall.json());
      doc.put("check-ms", millis(System.nanoTime() - started));
      doc.put("files-ms", millis(totalNanos));
      doc.put("files", reports);
      out.println(Terminal.json().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    }
    out.flush();
    if (badInput) return ExitCode.USAGE;
    return switch (overall) {
      case VALID -> ExitCode.VALID;
      case INVALID -> ExitCode.ANOMALY;
      case UNKNOWN -> ExitCode.UNKNOWN;
    };
  }

  /**
   * Waits for a file's check until its time limit (from when it started) and a little more: every
   * check keeps to its budget between its phases, but reading a big file does not look at the
   * clock. Past that, the file is unknown and its check is abandoned, and cancelled.
   */
  private static void awaitWithin(Future<?> future, FileCheck c, Duration time) throws InterruptedException, ExecutionException {
    long grace = Math.max(time.toNanos() / 20, 20_000_000L);
    while (true) {
      long begun = c.begun;
      long wait = begun == 0 ? 50_000_000L : begun + time.toNanos() + grace - System.nanoTime();
      try {
        future.get(Math.max(wait, 1), TimeUnit.NANOSECONDS);
        return;
      } catch (TimeoutException e) {
        if (begun != 0 && System.nanoTime() - begun > time.toNanos() + grace && c.abandon(time)) return;
      }
    }
  }

  /** Before any checking: the report folder (and each file's subfolder) must be new, empty or faultline's. */
  private void requireReportFolders() {
    try {
      ReportFolder.requireWritable(reportDirectory);
      if (files.size() > 1) {
        for (Path f : files) ReportFolder.requireWritable(reportDirectory.resolve(f.getFileName().toString()));
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
  }

  private void writeReports(List<FileCheck> checks, HistoryFormat chosenFormat) throws IOException, MalformedHistoryException {
    for (FileCheck c : checks) {
      if (c.error != null || c.abandoned != null) continue;
      Path dir = checks.size() == 1 ? reportDirectory : reportDirectory.resolve(c.file.getFileName().toString());
      if (checks.size() > 1) ReportFolder.claim(reportDirectory);
      var rendered = Reports.renderCheckedFile(c.file, chosenFormat, c.report, dir);
      System.err.println("faultline: report " + Terminal.oneLine(rendered.html().toString()));
    }
  }

  /** How many files are checked at once: one per core. */
  private int sideBySide() {
    return Math.min(files.size(), Runtime.getRuntime().availableProcessors());
  }

  private static String status(Progress p, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return "checking: " + ProgressLine.searched(p, seconds);
  }

  /** One file's check: read, pair, search; what it found, or the one line saying why it could not. */
  private final class FileCheck {
    final Path file;
    final HistoryFormat format;
    final NilReads reading;
    final Object initialValue;
    final Progress progress;
    final Duration time;
    final Long memoryBytes;
    final Map<String, Object> report = new LinkedHashMap<>();
    /** What the front door found. */
    Result result;
    List<String> notes = List.of();
    String error;
    /** Whether {@link #error} is the heap running out (unknown), not bad input. */
    boolean outOfMemory;
    double millis;
    long nanos;
    /** When it started (System.nanoTime), 0 before. */
    volatile long begun;
    /** Why it was abandoned past its time limit, or null. */
    String abandoned;
    private boolean finished;
    private Budget budget;

    FileCheck(Path file, HistoryFormat format, NilReads reading, Object initialValue, Progress progress, Duration time, Long memoryBytes) {
      this.time = time;
      this.memoryBytes = memoryBytes;
      this.file = file;
      this.format = format;
      this.reading = reading;
      this.initialValue = initialValue;
      this.progress = progress;
      report.put("file", file.toString());
    }

    /** Gives up on this file past its time limit, unless it has finished; whether it gave up. */
    synchronized boolean abandon(Duration time) {
      if (finished) return false;
      abandoned = "past the time limit of " + time.toMillis() / 1000.0 + " s (--time-limit), before the check finished (given up after "
          + Math.round((System.nanoTime() - begun) / 1e7) / 100.0 + " s)";
      if (budget != null) budget.cancel();
      report.clear();
      report.put("file", file.toString());
      report.put("valid", "unknown");
      report.put("reason", abandoned);
      return true;
    }

    void run() {
      long start = System.nanoTime();
      begun = start;
      // Files checked side by side share the heap: each gets its share of the default half.
      long memory = memoryBytes != null ? memoryBytes : Runtime.getRuntime().maxMemory() / 2 / sideBySide();
      synchronized (this) {
        budget = Budget.of(time, memory);
      }
      try {
        var transactions = new TransactionalCheckers.Options(CheckedTransactions.models(consistencyModels, anomalies), CheckedTransactions.anomalies(anomalies),
            new KeyOrders(wfrKeys, sequentialKeys, linearizableKeys), groupSize, negativeBalances);
        // The default limit is the budget's (which the watchdog cancels): given as the time limit, it
        // would also become the weaker models' time each, which is 1 s unless --time-limit says otherwise.
        HistoryCheck check = HistoryCheck.of(file, format).model(model).transactions(transactions)
            .initial(initialValue).nilReads(reading).timeLimit(timeLimit == null ? null : time).memoryLimit(memory)
            .weakerModels(!linearizableOnly).progress(progress);
        notes = check.notes();
        Result checked = check.check(budget);
        synchronized (this) {
          finished = true;
          if (abandoned != null) return;
          result = checked;
          nanos = System.nanoTime() - start;
          millis = millis(nanos);
          report.putAll(result.toJson());
          if (!TransactionalCheckers.judged(result)) { // a transactional result keeps its own check-ms, and takes no --initial
            report.put("initial", initial == null ? "default" : initial);
            report.put("check-ms", millis);
          }
        }
      } catch (MalformedHistoryException e) {
        fail(e.getMessage());
      } catch (NoSuchFileException e) {
        fail(file + ": no such file");
      } catch (IOException e) {
        fail(file + ": cannot read (" + e.getMessage() + ")");
      } catch (OutOfMemoryError e) {
        outOfMemory();
      } catch (RuntimeException e) {
        // A reader's worker thread ran out (wrapped by its pool): the same as here.
        if (!ExitCode.outOfMemory(e)) throw e;
        outOfMemory();
      }
      if (nanos == 0) nanos = System.nanoTime() - start;
    }

    /**
     * The heap ran out, reading or checking: the history may be fine, so not bad input (64) but
     * unknown (2), as when the search's own limits run out, with one line saying what to do.
     */
    private void outOfMemory() {
      result = null;
      outOfMemory = true;
      fail(ExitCode.outOfMemoryAdvice(file.toString()));
    }

    private synchronized void fail(String message) {
      finished = true;
      if (abandoned != null) return;
      error = message;
      report.put("valid", "unknown");
      report.put("error", message);
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  /** The format named {@code label} (auto is null: guessed from the file); 64 for an unknown one. */
  static HistoryFormat inputFormat(String label) {
    if (label.equals("auto")) return null;
    HistoryFormat f = HistoryFormat.ofLabel(label);
    if (f == null) {
      List<String> known = new ArrayList<>(List.of("auto"));
      Arrays.stream(HistoryFormat.values()).map(HistoryFormat::label).forEach(known::add);
      throw new UserError(ExitCode.USAGE, UnknownName.message("format", label, known));
    }
    return f;
  }

  /** nil, an integer (exact, however long), or else the text itself. */
  static Object parseInitial(String text) {
    if (text == null || text.equals("nil") || text.equals("null")) return null;
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      try {
        return new BigInteger(text);
      } catch (NumberFormatException notAnInteger) {
        return text;
      }
    }
  }
}
