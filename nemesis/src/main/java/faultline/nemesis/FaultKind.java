package faultline.nemesis;

import java.util.List;
import java.util.Objects;

/**
 * One fault as {@code --nemesis} knows it, declared once in {@link Faults#ALL}: the names it takes,
 * how they are written for help ({@code kill[-primary]}), what may follow a colon, what it does
 * (for help and docs), and how a name becomes the {@link Fault} a schedule runs.
 */
public final class FaultKind {

  /** Turns a name into a fault, or null when the name is not this kind's. */
  public interface Parser {
    Fault parse(String name);
  }

  private final String usage;
  private final List<String> names;
  private final String options;
  private final String description;
  private final Parser parser;

  private FaultKind(Builder b) {
    this.usage = b.usage;
    this.names = List.copyOf(b.names);
    this.options = b.options;
    this.description = Objects.requireNonNull(b.description, "shows(...) of " + b.usage);
    this.parser = Objects.requireNonNull(b.parser, "parse(...) of " + b.usage);
  }

  /** A fault written as {@code usage} in help: {@code kill[-primary]}, {@code partition[-isolate|-primary|-halves|-ring]}. */
  public static Builder written(String usage) {
    return new Builder(usage);
  }

  /** The names, as help writes them, without {@link #options}. */
  public String usage() {
    return usage;
  }

  /** Every exact name it takes (without options), for the nearest name to a typo and for the docs. */
  public List<String> names() {
    return names;
  }

  /** What may follow the name: {@code [:MS]}, {@code [:clients|:peers|:PROXY]}, or "" for nothing. */
  public String options() {
    return options;
  }

  /** What it does (Markdown: the docs' table shows it as written). */
  public String description() {
    return description;
  }

  /** The fault {@code name} names, or null when it is not this kind's. */
  public Fault parse(String name) {
    return parser.parse(name);
  }

  public static final class Builder {
    private final String usage;
    private List<String> names;
    private String options = "";
    private String description;
    private Parser parser;

    private Builder(String usage) {
      this.usage = usage;
      this.names = List.of(usage);
    }

    /** Every exact name, when the usage is a pattern. */
    public Builder names(String... names) {
      this.names = List.of(names);
      return this;
    }

    public Builder options(String options) {
      this.options = options;
      return this;
    }

    public Builder shows(String description) {
      this.description = description;
      return this;
    }

    public Builder parse(Parser parser) {
      this.parser = parser;
      return this;
    }

    public FaultKind build() {
      return new FaultKind(this);
    }
  }
}
