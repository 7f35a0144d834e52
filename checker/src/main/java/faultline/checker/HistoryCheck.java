package faultline.checker;

import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.PairedHistory;
import faultline.checker.linear.Budget;
import faultline.checker.linear.Progress;
import faultline.checker.model.Model;
import faultline.checker.model.ModelGuess;
import faultline.checker.model.Models;
import faultline.checker.consistency.LinearizableCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checker as a library, in one place: a history, a model and limits in, a {@link Result}
 * out. {@code faultline check} uses it for every file.
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
 * #modelName} says which). Out of time or memory the verdict is unknown, never valid.
 */
public final class HistoryCheck {
  /** The weaker models' default time each: they must not turn a sub-second check into minutes. */
  public static final Duration DEFAULT_WEAKER_MODELS_TIME = Duration.ofSeconds(1);

  private final History history;
  private String model;
  private Object initial;
  private Duration timeLimit;
  private long memoryBytes;
  private boolean weakerModels = true;
  private Progress progress;

  private HistoryCheck(History history) {
    this.history = history;
  }

  public static HistoryCheck of(History history) {
    return new HistoryCheck(history);
  }

  /** The history in {@code file}, its format told from its content. */
  public static HistoryCheck of(Path file) throws IOException, MalformedHistoryException {
    return of(file, null);
  }

  /** @param format the file's format, or null to tell it from the content */
  public static HistoryCheck of(Path file, HistoryFormat format) throws IOException, MalformedHistoryException {
    return new HistoryCheck(HistoryFiles.read(file, format));
  }

  /** One of {@link Models#NAMES}; null to guess it. */
  public HistoryCheck model(String name) {
    if (name != null && !Models.NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown model " + name + " (known: " + String.join(", ", Models.NAMES) + ")");
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

  public HistoryCheck progress(Progress progress) {
    this.progress = progress;
    return this;
  }

  public History history() {
    return history;
  }

  /** The model the check uses: the one given, or the guess. */
  public String modelName() throws MalformedHistoryException {
    return model != null ? model : ModelGuess.guess(PairedHistory.of(history));
  }

  public boolean modelGuessed() {
    return model == null;
  }

  /** The checker this check runs, for composing it with others. */
  public Checker checker() throws MalformedHistoryException {
    Model<?> m = Models.byName(modelName(), initial);
    Duration weaker = !weakerModels ? null : timeLimit != null ? timeLimit : DEFAULT_WEAKER_MODELS_TIME;
    return Checkers.safe(LinearizableCheck.NAME, new LinearizableCheck(m, weaker, progress));
  }

  public Result check() throws MalformedHistoryException {
    return checker().check(history, Budget.of(timeLimit, memoryBytes));
  }
}
