package faultline.checker.model;

import java.util.Objects;
import java.util.function.Function;

/**
 * One model as the command line knows it, declared once in {@link Models#ALL}: its name, what
 * histories it reads (for help and docs), how to make it from an initial value, and what the
 * checkers beside the linearizability search need to know of it.
 */
public final class ModelKind {
  private final String name;
  private final String description;
  private final Function<Object, Model<?>> make;
  private final boolean nilReads;
  private final boolean wholeValues;

  private ModelKind(Builder b) {
    this.name = b.name;
    this.description = Objects.requireNonNull(b.description, "shows(...) of " + b.name);
    this.make = Objects.requireNonNull(b.make, "make(...) of " + b.name);
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

  /** The model starting from {@code initial} (null: the model's default). */
  public Model<?> make(Object initial) {
    return make.apply(initial);
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
