package faultline.checker.history;

import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Shows history values the way Jepsen users read them: nil, 3, [1 4], #{1 2}, "x". Strings are
 * written as EDN writes them, escaped, since histories are untrusted and reach the terminal.
 */
public final class Values {
  private Values() {}

  /**
   * Text from a history (a name, an error) made safe to print: control characters (newlines, ESC,
   * DEL, the C1 range) and the Unicode line separators written as escapes, the way EDN and JSON
   * write them (backslash n, backslash u001b), so no value can move the cursor, recolour the
   * terminal or fake a line of output. Everything else is left as it is.
   */
  public static String escaped(String text) {
    int i = 0;
    while (i < text.length() && !needsEscape(text.charAt(i))) i++;
    if (i == text.length()) return text;
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, i);
    for (; i < text.length(); i++) appendEscaped(out, text.charAt(i));
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }

  private static void appendEscaped(StringBuilder out, char c) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> {
        if (needsEscape(c)) out.append(String.format("\\u%04x", (int) c));
        else out.append(c);
      }
    }
  }

  /**
   * Where {@code text} holds a UTF-16 surrogate that is not half of a pair (a JSON or EDN escape
   * such as {@code \ud800} makes one), or -1. Such a string is not text: no UTF-8 file can hold it,
   * so a writer would have to change it (Java writes "?"), and readers refuse it instead.
   */
  public static int loneSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) i++;
      else if (Character.isSurrogate(c)) return i;
    }
    return -1;
  }

  /** The one line saying why a string with a lone surrogate at {@code at} is refused. */
  public static String loneSurrogateProblem(CharSequence text, int at) {
    return String.format("a string holds a lone UTF-16 surrogate (\\u%04x), which is not text: refused rather than changed", (int) text.charAt(at));
  }

  public static String show(Object v) {
    StringBuilder out = new StringBuilder();
    append(out, v);
    return out.toString();
  }

  /** How much of a value explanations show; results files keep it whole. */
  public static final int SHOWN_CHARS = 200;

  /**
   * {@link #show}, cut after {@link #SHOWN_CHARS} characters, saying so: {@code "aaa…" (key cut at
   * 200 of 2,097,154 chars)}. For explanations, where a 2 MB key would otherwise be printed in
   * every step that names it.
   *
   * @param what what the value is ("key", "value"), for the note
   */
  public static String brief(Object v, String what) {
    return cut(show(v), SHOWN_CHARS, what);
  }

  /** {@code text} cut after {@code max} characters (never inside a surrogate pair), saying what was cut. */
  public static String cut(String text, int max, String what) {
    if (text.length() <= max) return text;
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "\u2026 (" + what + " cut at " + max + " of " + String.format("%,d", text.length()) + " chars)";
  }

  private static void append(StringBuilder out, Object v) {
    switch (v) {
      case null -> out.append("nil");
      case String s -> quoted(out, s);
      case Keyword k -> out.append(':').append(escaped(k.name()));
      case Instant t -> out.append("#inst \"").append(t).append('"');
      case UUID u -> out.append("#uuid \"").append(u).append('"');
      case Tagged t -> {
        out.append('#').append(escaped(t.tag())).append(' ');
        append(out, t.value());
      }
      case Set<?> set -> joined(out, "#{", set, "}");
      case Collection<?> list -> joined(out, "[", list, "]");
      case Map<?, ?> map -> {
        out.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          append(out, e.getKey());
          out.append(' ');
          append(out, e.getValue());
          if (it.hasNext()) out.append(", ");
        }
        out.append('}');
      }
      default -> out.append(v);
    }
  }

  /** A string as EDN writes it: quoted, with quotes, backslashes and control characters escaped. */
  private static void quoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') out.append('\\').append(c);
      else appendEscaped(out, c);
    }
    out.append('"');
  }

  private static void joined(StringBuilder out, String open, Collection<?> items, String close) {
    out.append(open);
    boolean first = true;
    for (Object item : items) {
      if (!first) out.append(' ');
      append(out, item);
      first = false;
    }
    out.append(close);
  }
}
