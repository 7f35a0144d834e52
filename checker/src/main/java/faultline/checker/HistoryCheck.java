package faultline.checker;

import faultline.checker.consistency.LinearizableCheck;
import faultline.checker.format.HistoryFile;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.NilReads;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.Progress;
import faultline.checker.model.Model;
import faultline.checker.model.ModelGuess;
import faultline.checker.model.ModelKind;
import faultline.checker.model.Models;
import faultline.checker.set.SetFullChecker;
import faultline.checker.txn.TransactionalCheckers;
import faultline.checker.txn.TxnChecker;
import faultline.checker.txn.TxnHistory;
import faultline.checker.txn.TxnJsonlReader;
import faultline.checker.txn.TxnResult;
import faultline.checker.txn.TxnWorkload;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checker as a library, in one place: a history, a model and limits in, a {@link Result}
 * out. {@code faultline check} uses it for every file, and it alone decides which checker a
 * history goes to. A file in faultline's JSONL is first offered to the fast reader of big
 * list-append histories ({@link TxnJsonlReader}), which takes it only when it is sure of it; the
 * general readers read it otherwise, or when a model other than list-append is asked for.
 *
 * <pre>{@code
 * Result r = HistoryCheck.of(Path.of("history.edn"))
 *     .model("cas-register").initial(0)
 *     .timeLimit(Duration.ofSeconds(30))
 *     .check();
 * if (r.verdict() != Verdict.VALID) r.lines().forEach(System.out::println);
 * }</pre>
 *
 * Without {@link #model} the model is guessed from the functions the history uses ({@link
 * #modelName} says which): a transactional workload first (bank's transfers, Elle's list-append
 * or rw-register micro-ops), judged by {@link TransactionalCheckers} with {@link #transactions}'
 * options, else a single-object model ({@link ModelGuess}). The workloads judged by checkers of
 * their own (lock, fenced-lock, leaderboard, jobs, session: {@link ModelKind#checkers}) get those
 * checkers, composed as their runs compose them. Out of time or memory the verdict is unknown,
 * never valid.
 *
 * <p>A nil read means what the history's writer means by it ({@link NilReads}): unknown in Jepsen
 * EDN and JSON arrays (Knossos's reading), a value in faultline's JSONL and in Jepsen log lines;
 * {@link #nilReads} overrides it. When the reading in force says valid and the other would not,
 * the result carries an explanation of type {@link #OTHER_READING} with the stricter witness.
 */
public final class HistoryCheck {
  /**
   * The weaker models' default time each. Without a time limit the linearizability search may run
   * for ever; the weaker models may not, and by default they get little time: they must not turn
   * a sub-second check into minutes (the sequential search explodes on some crashed-op-heavy etcd
   * logs). Past it they say unknown.
   */
  public static final Duration DEFAULT_WEAKER_MODELS_TIME = Duration.ofSeconds(1);

  /** The type of the explanation saying that the other reading of nil reads is stricter. */
  public static final String OTHER_READING = "other-nil-reading";

  /** Every name {@link #model} takes: the single-object models, then the transactional workloads. */
  public static final List<String> MODEL_NAMES = modelNames();

  /** The history as the general readers read it; null until asked for after the fast reader took the file. */
  private History history;
  /** What the fast reader read of the file, or null. */
  private final TxnHistory fast;
  private final HistoryFormat format;
  private final List<String> notes;
  private NilReads nilReads;
  private String model;
  private String guess;
  private Object initial;
  private Duration timeLimit;
  private long memoryBytes;
  private boolean weakerModels = true;
  private Progress progress;
  private TransactionalCheckers.Options transactions = TransactionalCheckers.Options.DEFAULTS;
  /** The history's transactions, read once (for the guess and the check). */
  private TxnHistory txns;

  private HistoryCheck(History history, TxnHistory fast, HistoryFormat format, List<String> notes) {
    this.history = history;
    this.fast = fast;
    this.format = format;
    this.notes = List.copyOf(notes);
  }

  /** A history made in memory, read as faultline's own (nil reads are values). */
  public static HistoryCheck of(History history) {
    return new HistoryCheck(history, null, HistoryFormat.JSONL, List.of());
  }

  /** The history in {@code file}, its format told from its content. */
  public static HistoryCheck of(Path file) throws IOException, MalformedHistoryException {
    return of(file, null);
  }

  /**
   * @param format the file's format, or null to tell it from the content. A JSONL file (or one
   *     whose format is not told) goes to the fast reader first.
   */
  public static HistoryCheck of(Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    if (format == null || format == HistoryFormat.JSONL) {
      TxnHistory fast = TxnJsonlReader.read(file);
      if (fast != null) return new HistoryCheck(null, fast, HistoryFormat.JSONL, fast.notes());
    }
    HistoryFile read = HistoryFiles.load(file, format);
    return new HistoryCheck(read.history(), null, read.format(), read.notes());
  }

  private static List<String> modelNames() {
    List<String> names = new ArrayList<>(Models.NAMES);
    Arrays.stream(TxnWorkload.values()).map(TxnWorkload::label).forEach(names::add);
    return List.copyOf(names);
  }

  /** One of {@link #MODEL_NAMES}; null to guess it. */
  public HistoryCheck model(String name) {
    if (name != null && !MODEL_NAMES.contains(name)) {
      throw new IllegalArgumentException(UnknownName.message("model", name, MODEL_NAMES));
    }
    this.model = name;
    return this;
  }

  /** The model's initial value (nil, a number or text); null for the model's own. */
  public HistoryCheck initial(Object value) {
    this.initial = value;
    return this;
  }

  /** How long the search may run; null for no limit. The weaker models get as long each. */
  public HistoryCheck timeLimit(Duration limit) {
    this.timeLimit = limit;
    return this;
  }

  /** How much the search's caches may hold; 0 for half the heap. */
  public HistoryCheck memoryLimit(long bytes) {
    this.memoryBytes = bytes;
    return this;
  }

  /** Whether to judge the weaker models (sequential, session guarantees, ...) too; default yes. */
  public HistoryCheck weakerModels(boolean judge) {
    this.weakerModels = judge;
    return this;
  }

  /** How nil reads are read; null for the history format's own reading. */
  public HistoryCheck nilReads(NilReads reading) {
    this.nilReads = reading;
    return this;
  }

  /** What a transactional history is judged by (its consistency models, anomalies, ...); default Elle's. */
  public HistoryCheck transactions(TransactionalCheckers.Options options) {
    this.transactions = options;
    return this;
  }

  public HistoryCheck progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  /** The history, as the general readers read it (after the fast reader, read again now). */
  public History history() {
    if (history == null) history = fast.history();
    return history;
  }

  /** What reading the file said of itself (a cut last line set aside), for the user. */
  public List<String> notes() {
    return notes;
  }

  /** The reading of nil reads in force: the one given, or the format's. */
  public NilReads nilReadsInForce() {
    return nilReads != null ? nilReads : format.nilReads();
  }

  /** The model the check uses: the one given, or the guess (made once). */
  public String modelName() throws MalformedHistoryException {
    if (model != null) return model;
    if (guess == null) {
      if (fast != null) guess = TxnChecker.guess(fast).label(); // list-append: the fast reader takes nothing else
      else if (TxnWorkload.isBank(history)) guess = TxnWorkload.BANK.label();
      else if (TxnWorkload.isTransactional(history)) guess = TxnChecker.guess(txns()).label();
      else guess = ModelGuess.guess(PairedHistory.of(history));
    }
    return guess;
  }

  /** Whether the model in force is a transactional workload's (list-append, rw-register, bank, long-fork). */
  public boolean isTransactional() throws MalformedHistoryException {
    return transactionalWorkload() != null;
  }

  private TxnWorkload transactionalWorkload() throws MalformedHistoryException {
    return TxnWorkload.ofLabel(modelName());
  }

  /** The transactions: the fast reader's when it took the file and list-append is in force, else paired from the history. */
  private TxnHistory txns() throws MalformedHistoryException {
    if (fast != null && (model == null || model.equals(TxnWorkload.LIST_APPEND.label()))) return fast;
    if (txns == null) txns = TxnHistory.of(history());
    return txns;
  }

  public boolean modelGuessed() {
    return model == null;
  }

  /**
   * The checker this check runs, for composing it with others: Jepsen's set-full for
   * {@code set-full}, a workload's checkers composed for a model that names them (lock,
   * leaderboard, ...), else linearizability against the model with the weaker models beside it.
   */
  public Checker checker() throws MalformedHistoryException {
    return checker(weakerModels);
  }

  private Checker checker(boolean withWeakerModels) throws MalformedHistoryException {
    String name = modelName();
    TxnWorkload workload = transactionalWorkload();
    if (workload != null) return Checkers.safe(name, TransactionalCheckers.of(workload, transactions));
    if (name.equals(Models.SET_FULL)) return Checkers.safe(Models.SET_FULL, new SetFullChecker());
    ModelKind kind = Models.kind(name);
    if (!kind.searched()) return Checkers.safe(name, Checkers.compose(kind.checkers()));
    Model<?> m = kind.make(initial);
    Duration weaker = !withWeakerModels ? null : timeLimit != null ? timeLimit : DEFAULT_WEAKER_MODELS_TIME;
    return Checkers.safe(LinearizableCheck.NAME, new LinearizableCheck(m, weaker, progress));
  }

  /**
   * Checks the history as read under the reading of nil reads in force and, when that says
   * valid, once more under the other reading: if that one would not, the result says so. A
   * transactional history gets its checker's result (nil reads are values in it).
   */
  public Result check() throws MalformedHistoryException {
    return check(Budget.of(timeLimit, memoryBytes), () -> Budget.of(timeLimit, memoryBytes));
  }

  /**
   * As {@link #check()}, within {@code budget} (its deadline, memory and cancellation: whoever
   * gave it may cancel the check) rather than one made of the limits; the weaker models still get
   * their own time each.
   */
  public Result check(Budget budget) throws MalformedHistoryException {
    return check(budget, budget::fresh);
  }

  /** @param again the budget of the check under the other reading of nil reads */
  private Result check(Budget budget, Supplier<Budget> again) throws MalformedHistoryException {
    String name = modelName();
    TxnWorkload workload = transactionalWorkload();
    if (workload != null) {
      TxnResult found = workload == TxnWorkload.BANK ? TransactionalCheckers.checkBank(history(), transactions, budget)
          : TransactionalCheckers.check(txns(), workload, transactions, budget);
      Result r = TransactionalCheckers.of(workload, transactions).result(found, this::history).withDetail("model-guessed", modelGuessed());
      return notes.isEmpty() ? r : r.withDetail("notes", notes);
    }
    History events = history();
    if (!Models.kind(name).searched()) return judgedByItsCheckers(name, events, budget);
    NilReads reading = nilReadsInForce();
    History asRead = reading.apply(events, name);
    Result r = checker().check(asRead, budget);
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("model", name);
    facts.put("model-guessed", modelGuessed());
    if (NilReads.matters(name)) facts.put("nil-reads", reading.label());
    if (!notes.isEmpty()) facts.put("notes", notes);
    History other = r.verdict() == Verdict.VALID && !name.equals(Models.SET_FULL) ? reading.other().apply(events, name) : asRead;
    if (other != asRead) {
      Result stricter = checker(false).check(other, again.get());
      if (stricter.verdict() != Verdict.VALID) {
        String what = stricter.verdict() == Verdict.INVALID ? "NOT linearizable" : "undecided (" + stricter.reason() + ")";
        String witness = stricter.explanations().stream().filter(e -> e.type().equals("not-linearizable")).map(Explanation::text)
            .findFirst().map(t -> "\n" + t).orElse("");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nil-reads", reading.other().label());
        facts.put("with-nil-reads-" + reading.other().label(), stricter.toJson());
        List<Explanation> explanations = new ArrayList<>(r.explanations());
        explanations.add(new Explanation(OTHER_READING, data, "note: with --nil-reads " + reading.other().label()
            + " (a nil read returned nil) it is " + what + "; the exit code follows the reading in force" + witness));
        r = new Result(r.name(), r.verdict(), r.summary(), r.reason(), explanations, r.witness(), r.ruledOut(), r.details(), r.parts());
      }
    }
    for (var e : facts.entrySet()) r = r.withDetail(e.getKey(), e.getValue());
    return r;
  }

  /**
   * A workload's history judged as its run judged it: by the checkers its model names, composed
   * as the run composes them, one part each under its name (nil reads are values in them all).
   */
  private Result judgedByItsCheckers(String name, History events, Budget budget) throws MalformedHistoryException {
    Result r = checker().check(events, budget).withDetail("model", name).withDetail("model-guessed", modelGuessed());
    return notes.isEmpty() ? r : r.withDetail("notes", notes);
  }
}
