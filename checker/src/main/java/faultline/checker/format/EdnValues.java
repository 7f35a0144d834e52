package faultline.checker.format;

import faultline.checker.history.Tagged;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Named;
import us.bpsm.edn.TaggedValue;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * EDN text to faultline's plain values: keywords and symbols become their names (":read" is
 * "read"), integers Long, vectors and lists List, sets Set, maps Map; {@code #inst} an
 * {@link java.time.Instant}, {@code #uuid} a {@link java.util.UUID}, and any other tag a
 * {@link Tagged} that keeps its tag, so {@code #foo [1 2]} never equals {@code [1 2]}. (The
 * reader unwraps a tagged op map such as Jepsen's {@code #jepsen.history.Op{...}} itself.)
 */
final class EdnValues {
  private static final Parser.Config CONFIG = Parsers.defaultConfiguration();

  private EdnValues() {}

  /** Parses exactly one EDN value from {@code text}; throws with a short reason otherwise. */
  static Object parseOne(CharSequence text) {
    Parser parser = Parsers.newParser(CONFIG);
    Parseable in = Parsers.newParseable(text);
    Object value = parser.nextValue(in);
    if (value == Parser.END_OF_INPUT) throw new EdnException("no value");
    if (parser.nextValue(in) != Parser.END_OF_INPUT) throw new EdnException("more than one value");
    return normalize(value);
  }

  /**
   * Parses every EDN value of {@code text} with one parser, or returns null when it is not
   * well-formed EDN. A parser per value costs about ten times more (edn-java sets up a scanner
   * per input: 45 us an op against 5), so readers parse the whole text at once and fall back to
   * one value at a time only to find the line of an error.
   */
  static List<Object> parseAll(CharSequence text) {
    Parser parser = Parsers.newParser(CONFIG);
    Parseable in = Parsers.newParseable(text);
    List<Object> values = new ArrayList<>();
    try {
      for (Object value = parser.nextValue(in); value != Parser.END_OF_INPUT; value = parser.nextValue(in)) {
        values.add(normalize(value));
      }
    } catch (EdnException | IllegalArgumentException e) {
      return null;
    }
    return values;
  }

  private static String tagName(TaggedValue t) {
    String prefix = t.getTag().getPrefix();
    return prefix == null || prefix.isEmpty() ? t.getTag().getName() : prefix + "/" + t.getTag().getName();
  }

  static Object normalize(Object v) {
    return switch (v) {
      case null -> null;
      case Named n -> n.getPrefix() == null || n.getPrefix().isEmpty() ? n.getName() : n.getPrefix() + "/" + n.getName();
      case TaggedValue t -> new Tagged(tagName(t), normalize(t.getValue()));
      case Date d -> d.toInstant();
      case Integer i -> (long) i;
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
      case Character c -> String.valueOf(c);
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(normalize(k), normalize(val)));
        yield out;
      }
      case Set<?> s -> {
        Set<Object> out = new LinkedHashSet<>();
        for (Object o : s) out.add(normalize(o));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(normalize(o));
        yield out;
      }
      default -> v;
    };
  }
}
