package faultline.checker.history;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** Shows history values the way Jepsen users read them: nil, 3, [1 4], #{1 2}, "x". */
public final class Values {
  private Values() {}

  public static String show(Object v) {
    StringBuilder out = new StringBuilder();
    append(out, v);
    return out.toString();
  }

  private static void append(StringBuilder out, Object v) {
    switch (v) {
      case null -> out.append("nil");
      case String s -> out.append('"').append(s).append('"');
      case java.time.Instant t -> out.append("#inst \"").append(t).append('"');
      case java.util.UUID u -> out.append("#uuid \"").append(u).append('"');
      case Tagged t -> {
        out.append('#').append(t.tag()).append(' ');
        append(out, t.value());
      }
      case java.util.Set<?> set -> joined(out, "#{", set, "}");
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
