package faultline.checker.model;

import faultline.checker.Checker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One model as the command line knows it, declared once in {@link Models#ALL}: its name, what
 * histories it reads (for help and docs), and how it is judged. Most are a {@link Model} for the
 * linearizability search, made from an initial value, with what the checkers beside the search
 * need to know of it. The others name the checkers a workload's run composes ({@link #checkers}:
 * the lock's mutex and resource, the leaderboard's member scores and top-k reads, ...), so that
 * {@code faultline check} judges that workload's history afterwards as its run did.
 */
public final class ModelKind {
  private final String name;
  private final String description;
  private final Function<Object, Model<?>> make;
  private final Supplier<Map<String, Checker>> checkers;
  private final boolean nilReads;
  private final boolean wholeValues;

  private ModelKind(Builder b) {
    this.name = b.name;
    this.description = Objects.requireNonNull(b.description, "shows(...) of " + b.name);
    if ((b.make == null) == (b.checkers == null)) throw new IllegalStateException(b.name + ": either make(...) or judgedBy(...), not both");
    this.make = b.make;
    this.checkers = b.checkers;
    this.nilReads = b.nilReads;
    this.wholeValues = b.wholeValues;
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Its functions and values, as the docs list them: {@code read/write/cas [from to]}. */
  public String description() {
    return description;
  }

  /** Whether a linearizability search judges it, against its {@link #make model}; else its {@link #checkers} do. */
  public boolean searched() {
    return make != null;
  }

  /**
   * The model starting from {@code initial} (null: the model's default); for a kind judged by its
   * checkers, an exception saying so.
   */
  public Model<?> make(Object initial) {
    if (make == null) {
      throw new IllegalArgumentException("model " + name + " is judged by its checkers (" + String.join(", ", checkers().keySet())
          + "), not by the linearizability search; the search's models: " + String.join(", ", Models.SEARCHED_NAMES));
    }
    return make.apply(initial);
  }

  /**
   * The named checkers that judge a history of this kind, composed as a run composes its
   * workload's (fresh ones at every call); empty for a {@link #searched} model, which the search
   * judges with the weaker models beside it.
   */
  public Map<String, Checker> checkers() {
    return checkers == null ? Map.of() : new LinkedHashMap<>(checkers.get());
  }

  /**
   * Whether a read that returned nil may mean "nobody knows" ({@code --nil-reads unknown}), as in
   * Knossos's register, cas-register and multi-register models.
   */
  public boolean nilReads() {
    return nilReads;
  }

  /**
   * Whether each op reads or writes one key's whole value, so that the weaker models (sequential,
   * the session guarantees, convergence) can be checked key by key.
   */
  public boolean wholeValues() {
    return wholeValues;
  }

  @Override
  public String toString() {
    return name;
  }

  public static final class Builder {
    private final String name;
    private String description;
    private Function<Object, Model<?>> make;
    private Supplier<Map<String, Checker>> checkers;
    private boolean nilReads;
    private boolean wholeValues;

    private Builder(String name) {
      this.name = name;
    }

    public Builder shows(String description) {
      this.description = description;
      return this;
    }

    public Builder make(Function<Object, Model<?>> make) {
      this.make = make;
      return this;
    }

    /** Judged by these named checkers, in this order, rather than by a search ({@link ModelKind#checkers}). */
    public Builder judgedBy(Supplier<Map<String, Checker>> checkers) {
      this.checkers = checkers;
      return this;
    }

    /** See {@link ModelKind#nilReads}. */
    public Builder nilReads() {
      this.nilReads = true;
      return this;
    }

    /** See {@link ModelKind#wholeValues}. */
    public Builder wholeValues() {
      this.wholeValues = true;
      return this;
    }

    public ModelKind build() {
      return new ModelKind(this);
    }
  }
}
