package faultline.checker.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.history.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads faultline's own history format: one JSON object per line, as DESIGN.md shows. Unknown
 * fields are ignored so that newer writers stay readable; missing {@code index} means "one after the previous event's",
 * missing {@code time} means "untimed".
 */
final class JsonlHistoryReader {
  /** Duplicate keys are refused: which of two "value"s would be the op's? */
  static final JsonFactory JSON = JsonFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final String source;

  JsonlHistoryReader(String source) {
    this.source = source;
  }

  History read(String text) throws MalformedHistoryException {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Files this big are parsed in as many slices as there are cores. */
  private static final int PARALLEL_ABOVE_BYTES = 4 << 20;
  static final long NO_INDEX = Long.MIN_VALUE;

  /**
   * One parser per slice of the file (slices cut at line ends), each reading one root-level object
   * after another: much faster than a parser per line, and on several cores at once for big
   * histories. Parsers' locations still give every event's line.
   */
  History read(byte[] bytes) throws MalformedHistoryException {
    return read(List.of(bytes));
  }

  /**
   * The file as consecutive pieces, each ending a line but maybe the last: a file larger than one
   * Java array (2 GiB) is read in pieces. Each piece is cut into slices.
   */
  History read(List<byte[]> pieces) throws MalformedHistoryException {
    record Part(byte[] bytes, int from, int to) {}
    List<Part> parts = new ArrayList<>();
    for (byte[] bytes : pieces) {
      int slices = bytes.length < PARALLEL_ABOVE_BYTES ? 1 : Runtime.getRuntime().availableProcessors();
      int[] bounds = new int[slices + 1];
      bounds[slices] = bytes.length;
      for (int i = 1; i < slices; i++) {
        int b = Math.max(bounds[i - 1], (int) ((long) bytes.length * i / slices));
        while (b < bytes.length && bytes[b - 1] != '\n') b++;
        bounds[i] = b;
      }
      for (int i = 0; i < slices; i++) parts.add(new Part(bytes, bounds[i], bounds[i + 1]));
    }
    List<Slice> parsed = new ArrayList<>(parts.size());
    if (parts.size() == 1) {
      parsed.add(readSlice(parts.get(0).bytes(), parts.get(0).from(), parts.get(0).to()));
    } else {
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Slice>> futures = new ArrayList<>();
        for (Part part : parts) futures.add(pool.submit(() -> readSlice(part.bytes(), part.from(), part.to())));
        for (var f : futures) parsed.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MalformedHistoryException(source, 0, "interrupted while reading");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error error) throw error; // out of memory: the caller says so, not "internal error"
        throw new IllegalStateException(e.getCause());
      }
    }
    History.Builder history = History.builder(source);
    long lineOffset = 0;
    for (Slice slice : parsed) {
      if (slice.problem != null) throw bad(lineOffset + slice.problemLine, slice.problem);
      for (int i = 0; i < slice.ops.size(); i++) {
        Op op = slice.ops.get(i);
        if (op.index() == NO_INDEX) op = op.withIndex(history.nextIndex());
        history.add(op, lineOffset + slice.lines[i]);
      }
      lineOffset += slice.newlines;
    }
    if (history.size() == 0) throw new MalformedHistoryException(source, 0, "empty history (no events)");
    return history.build();
  }

  /** What one slice held: its events with their lines within the slice, or its first problem. */
  private static final class Slice {
    final List<Op> ops = new ArrayList<>();
    long[] lines = new long[1024];
    long newlines;
    String problem;
    long problemLine;
  }

  private Slice readSlice(byte[] bytes, int from, int to) {
    Slice slice = new Slice();
    for (int i = from; i < to; i++) if (bytes[i] == '\n') slice.newlines++;
    long line = 1;
    long lastLine = 0;
    SharedValues shared = new SharedValues();
    try (JsonParser p = JSON.createParser(bytes, from, to - from)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        line = p.currentTokenLocation().getLineNr();
        if (t != JsonToken.START_OBJECT) throw bad(line, "expected a JSON object");
        if (line == lastLine) throw bad(line, "more than one JSON value on the line");
        Op op = parseObject(p, line, NO_INDEX, shared);
        if (slice.ops.size() == slice.lines.length) slice.lines = Arrays.copyOf(slice.lines, slice.lines.length * 2);
        slice.lines[slice.ops.size()] = line;
        slice.ops.add(op);
        lastLine = p.currentLocation().getLineNr();
      }
    } catch (StreamReadException e) {
      slice.problem = problem(e);
      slice.problemLine = lineOf(e, line);
    } catch (MalformedHistoryException e) {
      slice.problem = e.problem();
      slice.problemLine = e.line();
    } catch (IOException e) {
      slice.problem = "unreadable JSON (" + e.getMessage() + ")";
      slice.problemLine = line;
    }
    return slice;
  }

  /**
   * The one event on {@code bytes[from, to)} (one line), its index {@link #NO_INDEX} when it has
   * none; null when the line holds anything but one JSON object.
   */
  Op readOne(byte[] bytes, int from, int to) throws MalformedHistoryException {
    try (JsonParser p = JSON.createParser(bytes, from, to - from)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      Op op = parseObject(p, 1, NO_INDEX, new SharedValues());
      return p.nextToken() == null ? op : null;
    } catch (StreamReadException e) {
      throw bad(1, problem(e));
    } catch (IOException e) {
      throw bad(1, "unreadable JSON (" + e.getMessage() + ")");
    }
  }

  static long lineOf(StreamReadException e, long otherwise) {
    return e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : otherwise;
  }

  static String problem(StreamReadException e) {
    String m = e.getOriginalMessage();
    if (m != null && m.startsWith("a string holds a lone UTF-16 surrogate")) return m;
    if (m != null && m.startsWith("Duplicate Object property")) return "duplicate key in one JSON object (" + m + ")";
    if (m != null && m.startsWith("Duplicate field")) return "duplicate key in one JSON object (" + m + ")";
    if (m != null && m.contains("CTRL-CHAR, code 10")) return "truncated or malformed JSON (a string runs past the end of its line)";
    if (m != null && (m.contains("UTF-8") || m.contains("UTF8") || m.contains("ctrl-char") || m.contains("CTRL-CHAR"))) {
      return "binary data (not UTF-8 JSON text), not a history";
    }
    return "truncated or malformed JSON (" + m + ")";
  }

  Op parseObject(JsonParser p, long line, long position, SharedValues shared) throws IOException, MalformedHistoryException {
    long index = position;
    long time = Op.NO_TIME;
    Process process = null;
    OpType type = null;
    String f = null;
    Object key = null;
    Object value = null;
    String error = null;
    Object node = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "index" -> index = integer(p, line, field);
        case "time" -> time = integer(p, line, field);
        case "process" -> process = process(p, line, shared);
        case "type" -> {
          String label = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
          type = label == null ? null : OpType.ofLabel(label);
          if (type == null) throw bad(line, "unknown type " + p.getText() + " (expected invoke, ok, fail or info)");
        }
        case "f" -> f = p.currentToken() == JsonToken.VALUE_NULL ? null : text(p, shared);
        case "key" -> key = value(p, shared);
        case "value" -> value = value(p, shared);
        case "error" -> error = p.currentToken() == JsonToken.VALUE_NULL ? null : String.valueOf(value(p, shared));
        case "node" -> node = shared.node(value(p, shared));
        default -> p.skipChildren();
      }
    }
    if (t != JsonToken.END_OBJECT) throw bad(line, "truncated or malformed JSON object");
    if (type == null) throw bad(line, "missing \"type\"");
    process = Process.orUnnamed(process, type, index, source, line);
    if (f == null) f = ImpliedFunction.of(value);
    if (f == null) throw bad(line, "missing \"f\" (only a list of micro-ops may omit it, as a transaction)");
    return new Op(index, time, process, type, f, key, value, error, node);
  }

  private long integer(JsonParser p, long line, String field) throws IOException, MalformedHistoryException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) throw bad(line, "\"" + field + "\" must be an integer");
    return p.getLongValue();
  }

  private Process process(JsonParser p, long line, SharedValues shared) throws IOException, MalformedHistoryException {
    return switch (p.currentToken()) {
      case VALUE_NUMBER_INT -> Process.client(p.getLongValue());
      case VALUE_STRING -> Process.named(text(p, shared));
      case VALUE_NULL -> null;
      default -> throw bad(line, "\"process\" must be a number or a name such as \"nemesis\"");
    };
  }

  /** The current string token, shared with its equals when short (see {@link SharedValues}). */
  private static String text(JsonParser p, SharedValues shared) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) return p.getText();
    return checked(p, shared.string(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
  }

  /** {@code s}, or the parser's error at its location when it holds a lone surrogate. */
  private static String checked(JsonParser p, String s) throws StreamReadException {
    int at = Values.loneSurrogate(s);
    if (at >= 0) throw new com.fasterxml.jackson.core.JsonParseException(p, Values.loneSurrogateProblem(s, at));
    return s;
  }

  /**
   * A JSON value as plain Java data (integers as Long, arrays as List, objects as Map). Arrays
   * are lists of their exact size (a growable list's spare room, for the millions of three-element
   * micro-ops of a big transactional history, was a fifth of its memory).
   */
  private static Object value(JsonParser p, SharedValues shared) throws IOException {
    return switch (p.currentToken()) {
      case VALUE_NULL -> null;
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_STRING -> text(p, shared);
      case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue() : SharedValues.integer(p.getLongValue());
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case START_ARRAY -> {
        Object[] items = new Object[4];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (n == items.length) items = Arrays.copyOf(items, n * 2);
          items[n++] = value(p, shared);
        }
        if (n == 3) yield new Triple(items[0], items[1], items[2]);
        yield Arrays.asList(n == items.length ? items : Arrays.copyOf(items, n)); // fixed size; nothing adds to a read value
      }
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = checked(p, p.currentName());
          p.nextToken();
          map.put(name, value(p, shared));
        }
        yield map;
      }
      default -> throw new IOException("unexpected " + p.currentToken());
    };
  }

  private MalformedHistoryException bad(long line, String problem) {
    return new MalformedHistoryException(source, line, problem);
  }
}
