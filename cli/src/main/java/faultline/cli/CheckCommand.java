package faultline.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import faultline.checker.Verdict;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.LinearizabilityChecker;
import faultline.checker.linear.LinearizabilityResult;
import faultline.checker.linear.Progress;
import faultline.checker.model.Model;
import faultline.checker.model.ModelGuess;
import faultline.checker.model.Models;
import faultline.checker.models.HistoryModels;
import faultline.checker.models.ModelReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code faultline check}: is each history linearizable under a model? */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Checks histories (faultline JSONL, Jepsen EDN, or Jepsen log lines) for linearizability.",
      "Exit codes: 0 all valid, 1 a violation, 2 unknown (out of time or memory), 64 bad input."
    })
public final class CheckCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "NAME",
      description = "register, cas-register, kv, multi-register, set, counter, list-append, rw-register, bank, long-fork (default: guessed from the functions used)")
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

  @Option(names = "--negative-balances", description = "bank: balances may be negative")
  boolean negativeBalances;

  @Option(names = "--initial", paramLabel = "V", description = "initial value: nil, a number, or text (default: the model's: nil, 0 or empty)")
  String initial;

  @Option(names = "--format", paramLabel = "F", defaultValue = "auto", description = "auto, jsonl, edn or jepsen-log (default: auto)")
  String format;

  @Option(names = "--time-limit", paramLabel = "S", description = "seconds each file may take; past it the verdict is unknown")
  Double timeLimit;

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
    HistoryFormat chosenFormat = parseFormat();
    if (model != null && !Models.NAMES.contains(model) && !TxnCheck.isTxnModel(model)) {
      throw new UserError(ExitCode.USAGE, "unknown model " + model + " (known: " + String.join(", ", Models.NAMES) + ")");
    }
    Duration time = timeLimit == null ? null : OptionRanges.positiveSeconds("--time-limit", timeLimit);
    Long memoryBytes = memoryLimit == null ? null : OptionRanges.mebibytes("--memory-limit", memoryLimit);
    TxnCheck.models(consistencyModels, anomalies); // refuses unknown names before any file is read
    TxnCheck.anomalies(anomalies);
    Object initialValue = parseInitial(initial);

    PrintStream out = System.out;
    Progress progress = new Progress();
    long started = System.nanoTime();
    List<FileCheck> checks = new ArrayList<>();
    for (Path file : files) checks.add(new FileCheck(file, chosenFormat, initialValue, progress, time, memoryBytes));
    // Files are checked side by side (each also searches its partitions on every core): many
    // small histories, like the etcd corpus, would otherwise leave cores idle.
    int parallel = sideBySide();
    try (ProgressLine line = ProgressLine.start(quiet || json, () -> status(progress, started));
        ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
      List<Future<?>> futures = new ArrayList<>();
      for (FileCheck c : checks) futures.add(pool.submit(c::run));
      for (int i = 0; i < checks.size(); i++) {
        futures.get(i).get();
        FileCheck c = checks.get(i);
        synchronized (line) {
          if (c.error != null) System.err.println("faultline: " + Terminal.oneLine(c.error));
          else if (!json) {
            if (c.txn != null) {
              TxnCheck.print(out, c.file, c.txn, model == null);
              continue;
            }
            printText(out, c.file, c.result, c.modelName, c.millis);
            // The table where it says something: a history that is not linearizable, or a single file.
            if (c.models != null && (c.result.verdict() != Verdict.VALID || checks.size() == 1)) {
              out.println("  consistency models (strongest first):");
              c.models.table().forEach(row -> out.println("    " + Terminal.oneLine(row)));
            }
          }
        }
      }
    }

    List<Map<String, Object>> reports = new ArrayList<>();
    boolean badInput = false;
    Verdict overall = Verdict.VALID;
    long totalNanos = 0;
    for (FileCheck c : checks) {
      reports.add(c.report);
      totalNanos += c.nanos;
      if (c.error != null) badInput = true;
      else overall = overall.and(c.txn != null ? c.txn.verdict() : c.result.verdict());
    }
    if (reportDirectory != null) writeReports(checks, chosenFormat);
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("valid", badInput ? "unknown" : overall.json());
      doc.put("check_ms", millis(System.nanoTime() - started));
      doc.put("files_ms", millis(totalNanos));
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

  private void writeReports(List<FileCheck> checks, HistoryFormat chosenFormat) throws IOException, MalformedHistoryException {
    for (FileCheck c : checks) {
      if (c.error != null) continue;
      if (c.txn != null) {
        System.err.println("faultline: " + c.file + ": no report yet for transactional histories (the terminal and --json have it all)");
        continue;
      }
      Path dir = checks.size() == 1 ? reportDirectory : reportDirectory.resolve(c.file.getFileName().toString());
      var rendered = faultline.results.report.Reports.renderCheckedFile(c.file, chosenFormat, c.report, dir);
      System.err.println("faultline: report " + rendered.html());
    }
  }

  /** How many files are checked at once: one per core. */
  private int sideBySide() {
    return Math.min(files.size(), Runtime.getRuntime().availableProcessors());
  }

  private static String status(Progress p, long started) {
    double seconds = (System.nanoTime() - started) / 1e9;
    return String.format("checking: %d/%d partitions, %,.0f ops/s", p.partitionsDone(), p.partitions(), p.operationsDone() / Math.max(seconds, 1e-3));
  }

  /** One file's check: read, pair, search; what it found, or the one line saying why it could not. */
  private final class FileCheck {
    final Path file;
    final HistoryFormat format;
    final Object initialValue;
    final Progress progress;
    final Duration time;
    final Long memoryBytes;
    final Map<String, Object> report = new LinkedHashMap<>();
    LinearizabilityResult result;
    faultline.checker.txn.TxnResult txn;
    ModelReport models;
    String modelName;
    String error;
    double millis;
    long nanos;

    FileCheck(Path file, HistoryFormat format, Object initialValue, Progress progress, Duration time, Long memoryBytes) {
      this.time = time;
      this.memoryBytes = memoryBytes;
      this.file = file;
      this.format = format;
      this.initialValue = initialValue;
      this.progress = progress;
      report.put("file", file.toString());
    }

    void run() {
      long start = System.nanoTime();
      try {
        History history = HistoryFiles.read(file, format);
        if (TxnCheck.handles(model, history)) {
          txn = TxnCheck.check(history, model, TxnCheck.models(consistencyModels, anomalies), TxnCheck.anomalies(anomalies), timeLimit,
              new faultline.checker.txn.KeyOrders(wfrKeys, sequentialKeys, linearizableKeys), negativeBalances);
          modelName = txn.workload().label();
          report.putAll(txn.toJson());
          nanos = System.nanoTime() - start;
          millis = millis(nanos);
          return;
        }
        PairedHistory paired = PairedHistory.of(history);
        long parsed = System.nanoTime();
        modelName = model != null ? model : ModelGuess.guess(paired);
        Model<?> m = Models.byName(modelName, initialValue);
        // Files checked side by side share the heap: each gets its share of the default half.
        long memory = memoryBytes != null ? memoryBytes : Runtime.getRuntime().maxMemory() / 2 / sideBySide();
        Budget budget = Budget.of(time, memory);
        result = new LinearizabilityChecker().check(paired, m, budget, progress);
        long done = System.nanoTime();
        nanos = done - start;
        millis = millis(nanos);
        report.putAll(result.toJson());
        report.put("initial", initial == null ? "default" : initial);
        report.put("parse_ms", millis(parsed - start));
        report.put("check_ms", millis(done - parsed));
        if (!linearizableOnly) {
          // The weaker models get a budget of their own: the search cancels its budget on a violation.
          Duration modelsTime = time != null ? time : Duration.ofMillis((long) (DEFAULT_MODELS_SECONDS * 1000));
          models = HistoryModels.check(paired, m, result, () -> Budget.of(modelsTime, memory));
          report.put("models", models.toJson());
          report.put("models_ms", millis(System.nanoTime() - done));
          nanos = System.nanoTime() - start;
        }
      } catch (MalformedHistoryException e) {
        fail(e.getMessage());
      } catch (NoSuchFileException e) {
        fail(file + ": no such file");
      } catch (IOException e) {
        fail(file + ": cannot read (" + e.getMessage() + ")");
      } catch (OutOfMemoryError e) {
        fail(file + ": out of memory while reading (give the JVM more with FAULTLINE_JAVA_OPTS=-Xmx...)");
      }
      if (nanos == 0) nanos = System.nanoTime() - start;
    }

    private void fail(String message) {
      error = message;
      report.put("valid", "unknown");
      report.put("error", message);
    }
  }

  /**
   * Without --time-limit the linearizability search may run for ever; the weaker models may not,
   * and by default they get little time: they must not turn a sub-second check into minutes (the
   * sequential search explodes on some crashed-op-heavy etcd logs). Past it they say unknown.
   */
  private static final double DEFAULT_MODELS_SECONDS = 1;

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }

  private void printText(PrintStream out, Path file, LinearizabilityResult r, String modelName, double ms) {
    String what = modelName + (model == null ? " (guessed)" : "") + ", " + r.operations() + " ops"
        + (r.crashed() > 0 ? ", " + r.crashed() + " crashed" : "")
        + (r.failed() > 0 ? ", " + r.failed() + " failed" : "")
        + ", " + r.partitions().size() + " partition" + (r.partitions().size() == 1 ? "" : "s")
        + ", " + ms + " ms";
    switch (r.verdict()) {
      case VALID -> out.println(Terminal.oneLine(file + ": linearizable (" + what + ")"));
      case INVALID -> {
        out.println(Terminal.oneLine(file + ": NOT linearizable (" + what + ")"));
        if (r.witness() != null) {
          if (r.witness().key() != null) out.println(Terminal.oneLine("  key " + faultline.checker.history.Values.show(r.witness().key()) + ":"));
          out.print(Terminal.printable(r.witness().explain().indent(2)));
        } else {
          out.println("  (no witness: retracing the search for one ran out of time)");
        }
      }
      case UNKNOWN -> out.println(Terminal.oneLine(file + ": UNKNOWN: " + r.reason() + " (" + what
          + (r.partitions().isEmpty() ? "" : "; " + r.partitions().stream().filter(p -> p.verdict() == Verdict.UNKNOWN).count() + " partitions undecided") + ")"));
    }
  }

  private HistoryFormat parseFormat() {
    if (format.equals("auto")) return null;
    HistoryFormat f = HistoryFormat.ofLabel(format);
    if (f == null) throw new UserError(ExitCode.USAGE, "unknown format " + format + " (use auto, jsonl, edn or jepsen-log)");
    return f;
  }

  /** nil, an integer (exact, however long), or else the text itself. */
  static Object parseInitial(String text) {
    if (text == null || text.equals("nil") || text.equals("null")) return null;
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      try {
        return new java.math.BigInteger(text);
      } catch (NumberFormatException notAnInteger) {
        return text;
      }
    }
  }
}
