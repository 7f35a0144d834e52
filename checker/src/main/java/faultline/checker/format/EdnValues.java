package faultline.checker.format;

import faultline.checker.history.Keyword;
import faultline.checker.history.Tagged;
import faultline.checker.history.Values;
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
 * EDN text to faultline's plain values: keywords become {@link Keyword}s (never equal to a
 * string; readers take the names of those that name functions, see {@link #opValue}), symbols
 * their names, integers Long, vectors and lists List, sets Set, maps Map; {@code #inst} an
 * {@link java.time.Instant}, {@code #uuid} a {@link java.util.UUID}, and any other tag a
 * {@link Tagged} that keeps its tag, so {@code #foo [1 2]} never equals {@code [1 2]}. (The
 * reader unwraps a tagged op map such as Jepsen's {@code #jepsen.history.Op{...}} itself.)
 */
final class EdnValues {
  /** The tag {@link #symbolicValues} turns {@code ##Inf}, {@code ##-Inf} and {@code ##NaN} into, for edn-java (which has no reader for them). */
  private static final us.bpsm.edn.Tag SYMBOLIC = us.bpsm.edn.Tag.newTag("faultline.edn", "symbolic-value");
  private static final Parser.Config CONFIG = Parsers.newParserConfigBuilder()
      .putTagHandler(SYMBOLIC, (tag, value) -> switch (String.valueOf(value)) {
        case "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.NaN;
      })
      .build();

  private EdnValues() {}

  /** Parses exactly one EDN value from {@code text}; throws with a short reason otherwise. */
  static Object parseOne(CharSequence text) {
    Parser parser = Parsers.newParser(CONFIG);
    Parseable in = Parsers.newParseable(symbolicValues(text));
    Object value = next(parser, in);
    if (value == Parser.END_OF_INPUT) throw new EdnException("no value");
    if (next(parser, in) != Parser.END_OF_INPUT) throw new EdnException("more than one value");
    return normalize(value);
  }

  /** The parser's next value; edn-java asserts on some malformed symbols (such as {@code :a/}), which is an error in the text, not ours. */
  private static Object next(Parser parser, Parseable in) {
    try {
      return parser.nextValue(in);
    } catch (AssertionError e) {
      throw new EdnException("malformed symbol or keyword");
    }
  }

  /**
   * Parses every EDN value of {@code text} with one parser, or returns null when it is not
   * well-formed EDN. A parser per value costs about ten times more (edn-java sets up a scanner
   * per input: 45 us an op against 5), so readers parse the whole text at once and fall back to
   * one value at a time only to find the line of an error.
   */
  static List<Object> parseAll(CharSequence text) {
    Parser parser = Parsers.newParser(CONFIG);
    Parseable in = Parsers.newParseable(symbolicValues(text));
    List<Object> values = new ArrayList<>();
    try {
      for (Object value = next(parser, in); value != Parser.END_OF_INPUT; value = next(parser, in)) {
        values.add(normalize(value));
      }
    } catch (EdnException | IllegalArgumentException e) {
      return null;
    }
    return values;
  }

  /**
   * {@code text} with EDN's symbolic values ({@code ##Inf}, {@code ##-Inf}, {@code ##NaN}, which
   * the export writes and Clojure reads) as a tag edn-java reads; strings, characters and comments
   * are left alone. The same text when it has none.
   */
  static CharSequence symbolicValues(CharSequence text) {
    if (!text.toString().contains("##")) return text;
    StringBuilder out = new StringBuilder(text.length() + 64);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        int j = i + 1;
        while (j < n && text.charAt(j) != '"') j += text.charAt(j) == '\\' ? 2 : 1;
        j = Math.min(j, n - 1);
        out.append(text, i, j + 1);
        i = j;
      } else if (c == ';') {
        int j = i;
        while (j < n && text.charAt(j) != '\n') j++;
        out.append(text, i, j);
        i = j - 1;
      } else if (c == '\\') {
        out.append(c);
        if (i + 1 < n) out.append(text.charAt(++i));
      } else if (c == '#' && i + 1 < n && text.charAt(i + 1) == '#') {
        int j = i + 2;
        while (j < n && !Character.isWhitespace(text.charAt(j)) && ",()[]{}\";".indexOf(text.charAt(j)) < 0) j++;
        String name = text.subSequence(i + 2, j).toString();
        if (!name.equals("Inf") && !name.equals("-Inf") && !name.equals("NaN")) throw new EdnException("unknown symbolic value ##" + name);
        out.append('#').append(SYMBOLIC.getPrefix()).append('/').append(SYMBOLIC.getName()).append(" \"").append(name).append('"');
        i = j - 1;
      } else {
        out.append(c);
      }
    }
    return out;
  }

  private static String name(Named n) {
    return n.getPrefix() == null || n.getPrefix().isEmpty() ? n.getName() : n.getPrefix() + "/" + n.getName();
  }

  /** Micro-op functions, which readers take by name whether a history writes them as keywords or strings. */
  static final Set<String> MICRO_OP_FUNCTIONS = Set.of("append", "r", "w", "read", "write");

  /**
   * An op's value with the keywords that name functions or fields, not data, read as their names:
   * a micro-op's function ({@code [:append :x 1]} is {@code ["append" :x 1]}, its key still the
   * keyword) and the fields of a bank transfer ({@code {:from 0, :to 1, :amount 5}}). Every other
   * keyword stays a {@link Keyword}, never equal to a string.
   */
  static Object opValue(String f, Object value) {
    if ("transfer".equals(f) && value instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(k instanceof Keyword kw ? kw.name() : k, v));
      return out;
    }
    if (!(value instanceof List<?> steps) || steps.isEmpty()) return value;
    boolean any = false;
    for (Object step : steps) {
      if (!(step instanceof List<?> parts) || parts.isEmpty()) return value;
      if (parts.get(0) instanceof Keyword k && MICRO_OP_FUNCTIONS.contains(k.name())) any = true;
      else if (!(parts.get(0) instanceof String)) return value;
    }
    if (!any) return value;
    List<Object> out = new ArrayList<>(steps.size());
    for (Object step : steps) {
      List<Object> parts = new ArrayList<>((List<?>) step);
      if (parts.get(0) instanceof Keyword k) parts.set(0, k.name());
      out.add(parts);
    }
    return out;
  }

  /**
   * Whether a value has the shape {@link #opValue} gives micro-ops: every step a non-empty list
   * whose function is a name, at least one of them a micro-op function.
   */
  static boolean isMicroOps(List<?> steps) {
    boolean any = false;
    for (Object step : steps) {
      if (!(step instanceof List<?> parts) || parts.isEmpty() || !(parts.get(0) instanceof String f)) return false;
      any |= MICRO_OP_FUNCTIONS.contains(f);
    }
    return any;
  }

  private static String tagName(TaggedValue t) {
    String prefix = t.getTag().getPrefix();
    return prefix == null || prefix.isEmpty() ? t.getTag().getName() : prefix + "/" + t.getTag().getName();
  }

  static Object normalize(Object v) {
    return switch (v) {
      case null -> null;
      case us.bpsm.edn.Keyword k -> new Keyword(name(k));
      case Named n -> name(n);
      case TaggedValue t -> new Tagged(tagName(t), normalize(t.getValue()));
      case Date d -> d.toInstant();
      case Integer i -> (long) i;
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : b;
      case String s -> {
        int at = Values.loneSurrogate(s);
        if (at >= 0) throw new IllegalArgumentException(Values.loneSurrogateProblem(s, at));
        yield s;
      }
      case Character c -> normalize(String.valueOf(c));
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
