package faultline.checker.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The events of one run, in the order they happened, with where each came from so that errors
 * can name a line. Immutable once built.
 */
public final class History {
  private final String source;
  private final List<Op> ops;
  private final long[] lines;

  private History(String source, List<Op> ops, long[] lines) {
    this.source = source;
    this.ops = ops;
    this.lines = lines;
  }

  /** A history made in memory: line numbers are positions, from 1. */
  public static History of(String source, List<Op> ops) {
    long[] lines = new long[ops.size()];
    for (int i = 0; i < lines.length; i++) lines[i] = i + 1;
    return new History(source, List.copyOf(ops), lines);
  }

  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** Where the history came from: a file name, or a description. */
  public String source() {
    return source;
  }

  public List<Op> ops() {
    return ops;
  }

  public int size() {
    return ops.size();
  }

  /** The line in the source that holds the event at position {@code i}. */
  public long lineOf(int i) {
    return lines[i];
  }

  /** Whether every event carries a time, so that real-time order can use it. */
  public boolean timed() {
    for (Op op : ops) if (!op.hasTime()) return false;
    return !ops.isEmpty();
  }

  /** Collects events as a reader finds them. */
  public static final class Builder {
    private final String source;
    private final List<Op> ops = new ArrayList<>();
    private long[] lines = new long[64];

    private Builder(String source) {
      this.source = source;
    }

    /**
     * The index for an event the file does not number: one after the previous event's (its
     * position when no event is numbered), so that indices keep increasing through the file.
     */
    public long nextIndex() {
      return ops.isEmpty() ? 0 : ops.getLast().index() + 1;
    }

    /** Adds an event read at {@code line}. */
    public Builder add(Op op, long line) {
      if (ops.size() == lines.length) lines = Arrays.copyOf(lines, lines.length * 2);
      lines[ops.size()] = line;
      ops.add(op);
      return this;
    }

    public int size() {
      return ops.size();
    }

    public History build() {
      return new History(source, Collections.unmodifiableList(ops), Arrays.copyOf(lines, ops.size()));
    }
  }
}
