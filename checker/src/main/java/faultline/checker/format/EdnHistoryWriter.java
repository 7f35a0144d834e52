package faultline.checker.format;

import faultline.checker.history.Keyword;
import faultline.checker.history.Op;
import faultline.checker.history.Process;
import faultline.checker.history.Tagged;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a history as Jepsen's history.edn has it: one op map per line, which Knossos's and
 * Elle's readers (and elle-cli) read form after form. Types and functions are keywords, the
 * nemesis is {@code :nemesis}; values keep their EDN types ({@code #{}} sets, {@code #inst},
 * {@code #uuid}, other tags as read), and a transaction's micro-op functions are keywords again
 * ({@code [:read :x 1]}), as Knossos's multi-register and Elle match them. Keywords the EDN
 * readers read stay keywords ({@link Keyword}) and strings stay strings, so {@code :x} and
 * {@code "x"} remain two keys, and {@code :c1} and {@code "c1"} two processes ({@link
 * Process.Quoted}); what the export writes, the readers read back as it was.
 */
public final class EdnHistoryWriter {
  private EdnHistoryWriter() {}

  /** One op as an EDN map, without the newline. */
  public static String line(Op op) {
    StringBuilder out = new StringBuilder(96);
    out.append("{:index ").append(op.index());
    if (op.hasTime()) out.append(", :time ").append(op.time());
    out.append(", :process ");
    if (op.process().label() instanceof Long id) out.append(id);
    else if (op.process().label() == null) out.append("nil");
    else if (op.process() instanceof Process.Quoted q) string(out, q.name());
    else keyword(out, String.valueOf(op.process().label()));
    out.append(", :type ");
    keyword(out, op.type().label());
    out.append(", :f ");
    keyword(out, op.f());
    if (op.key() != null) {
      out.append(", :key ");
      value(out, op.key());
    }
    out.append(", :value ");
    // Micro-ops under any f (Jepsen's long-fork reads are :f :read) get their functions back as
    // keywords, as Jepsen writes them; the readers take both spellings as the same name.
    if (op.value() instanceof List<?> micro && (op.f().equals("txn") || EdnValues.isMicroOps(micro))) transaction(out, micro);
    else value(out, op.value());
    if (op.error() != null) {
      out.append(", :error ");
      value(out, op.error());
    }
    if (op.node() instanceof Map<?, ?> node) {
      // {:name "n1", :home ..., :run ...}: keys as keywords, as Jepsen's op maps have them.
      out.append(", :node {");
      int i = 0;
      for (Map.Entry<?, ?> e : node.entrySet()) {
        if (i++ > 0) out.append(", ");
        keyword(out, String.valueOf(e.getKey()));
        value(out.append(' '), e.getValue());
      }
      out.append('}');
    } else if (op.node() != null) {
      out.append(", :node ");
      value(out, op.node());
    }
    return out.append('}').toString();
  }

  private static void transaction(StringBuilder out, List<?> micro) {
    out.append('[');
    for (int i = 0; i < micro.size(); i++) {
      if (i > 0) out.append(' ');
      if (micro.get(i) instanceof List<?> m && !m.isEmpty() && m.get(0) instanceof String f && EdnValues.MICRO_OP_FUNCTIONS.contains(f)) {
        out.append('[');
        keyword(out, f);
        for (Object o : m.subList(1, m.size())) value(out.append(' '), o);
        out.append(']');
      } else {
        value(out, micro.get(i));
      }
    }
    out.append(']');
  }

  /** A keyword when the name is one EDN readers take, else the string (so nothing written is unreadable). */
  private static void keyword(StringBuilder out, String name) {
    if (isKeywordName(name)) out.append(':').append(name);
    else string(out, name);
  }

  /** Names already judged by {@link #isKeywordName}: types, functions and processes repeat on every line. */
  private static final java.util.Map<String, Boolean> KEYWORD_NAMES = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_KEYWORD_NAMES = 1 << 12;

  /**
   * Whether {@code :name} reads back as the keyword {@code name}: asked of the EDN reader itself,
   * so writer and reader cannot disagree ({@code :-1} and {@code :a/b/c} are not EDN).
   */
  static boolean isKeywordName(String name) {
    Boolean known = KEYWORD_NAMES.get(name);
    if (known != null) return known;
    boolean keyword;
    try {
      keyword = !name.isEmpty() && new Keyword(name).equals(EdnValues.parseOne(":" + name));
    } catch (RuntimeException e) {
      keyword = false;
    }
    if (KEYWORD_NAMES.size() < MAX_KEYWORD_NAMES) KEYWORD_NAMES.put(name, keyword);
    return keyword;
  }

  static void value(StringBuilder out, Object v) {
    switch (v) {
      case null -> out.append("nil");
      case String s -> string(out, s);
      case Keyword k -> keyword(out, k.name());
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case BigInteger b -> out.append(b).append('N');
      case Double d -> out.append(d.isNaN() ? "##NaN" : d.isInfinite() ? (d > 0 ? "##Inf" : "##-Inf") : d.toString());
      case Boolean b -> out.append(b);
      case Instant t -> string(out.append("#inst "), t.toString());
      case UUID u -> string(out.append("#uuid "), u.toString());
      case Tagged t -> value(out.append('#').append(t.tag()).append(' '), t.value());
      case Map<?, ?> m -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) out.append(", ");
          value(out, e.getKey());
          value(out.append(' '), e.getValue());
          first = false;
        }
        out.append('}');
      }
      case Set<?> s -> items(out.append("#{"), s, '}');
      case Collection<?> c -> items(out.append('['), c, ']');
      default -> string(out, v.toString());
    }
  }

  private static void items(StringBuilder out, Collection<?> c, char close) {
    boolean first = true;
    for (Object o : c) {
      if (!first) out.append(' ');
      value(out, o);
      first = false;
    }
    out.append(close);
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('"');
  }
}
