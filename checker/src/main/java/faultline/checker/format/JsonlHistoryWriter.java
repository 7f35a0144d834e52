package faultline.checker.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import faultline.checker.history.Op;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Writes faultline's JSONL history format, one event per line, in the field order of DESIGN.md.
 * Each line is written whole, so a reader of a file still being written (or of a run killed
 * mid-way) sees complete events followed at most by one partial line.
 */
public final class JsonlHistoryWriter implements Closeable, Flushable {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private final Writer out;

  public JsonlHistoryWriter(Writer out) {
    this.out = out;
  }

  public synchronized void write(Op op) throws IOException {
    out.write(line(op));
    out.write('\n');
  }

  /** One event as a JSON line, without the newline. */
  public static String line(Op op) {
    StringWriter buffer = new StringWriter(128);
    try (JsonGenerator g = JSON.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeNumberField("index", op.index());
      if (op.hasTime()) g.writeNumberField("time", op.time());
      g.writeFieldName("process");
      writeValue(g, op.process().label());
      g.writeStringField("type", op.type().label());
      g.writeStringField("f", op.f());
      if (op.key() != null) {
        g.writeFieldName("key");
        writeValue(g, op.key());
      }
      g.writeFieldName("value");
      writeValue(g, op.value());
      if (op.error() != null) g.writeStringField("error", op.error());
      if (op.node() != null) {
        g.writeFieldName("node");
        writeValue(g, op.node());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return buffer.toString();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case Long l -> g.writeNumber(l);
      case Integer i -> g.writeNumber(i);
      case BigInteger b -> g.writeNumber(b);
      case Double d -> g.writeNumber(d);
      case Boolean b -> g.writeBoolean(b);
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName(String.valueOf(e.getKey()));
          writeValue(g, e.getValue());
        }
        g.writeEndObject();
      }
      case Collection<?> c -> {
        g.writeStartArray();
        for (Object o : c) writeValue(g, o);
        g.writeEndArray();
      }
      default -> g.writeString(v.toString());
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
