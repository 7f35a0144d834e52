package faultline.results.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Each dependency cycle a transactional checker found (results.json: a checker's
 * {@code anomalies}, whose cycles carry {@code steps}), drawn as a small inline SVG graph: the
 * transactions on a circle, an arrow per step labelled with its dependency (ww, wr, rw,
 * process, realtime) and key. A transaction links to its op in the timeline. No script, no
 * network; every name and key is escaped.
 */
final class CycleGraphs {
  /** Enough for a person to see the shapes; results.json has every cycle. */
  private static final int MAX_CYCLES = 6;
  /** Transactions drawn on one circle; a longer cycle's rest is one node saying how many. */
  private static final int MAX_NODES = 16;
  /** Characters of a key in an arrow's label. */
  private static final int MAX_KEY_CHARS = 40;

  private CycleGraphs() {}

  /** The explanations (stripped) that the section shows beside their cycles, so the report shows them nowhere else. */
  static Set<String> explanations(Map<String, Object> results) {
    Set<String> out = new HashSet<>();
    for (Cycle c : cycles(results)) if (c.explanation() != null) out.add(c.explanation().strip());
    return out;
  }

  /** The invocation events of the transactions the section draws, first cycle first: the timeline marks them as the witness. */
  static List<Long> transactions(Map<String, Object> results) {
    List<Long> out = new ArrayList<>();
    for (Cycle c : cycles(results)) for (Node n : c.nodes()) if (n.invoke() >= 0 && !out.contains(n.invoke())) out.add(n.invoke());
    return out;
  }

  private static List<Cycle> cycles(Map<String, Object> results) {
    List<Cycle> cycles = new ArrayList<>();
    if (results.get("checkers") instanceof List<?> checkers) {
      for (Object c : checkers) {
        if (c instanceof Map<?, ?> checker && checker.get("anomalies") instanceof Map<?, ?> byType) collect(byType, cycles);
      }
    } else if (results.get("anomalies") instanceof Map<?, ?> byType) {
      collect(byType, cycles); // one checker's result, as `faultline check` has it per file
    }
    return cycles;
  }

  /** The section, or empty when no checker found a cycle. */
  static String html(Map<String, Object> results) {
    List<Cycle> cycles = cycles(results);
    if (cycles.isEmpty()) return "";
    StringBuilder out = new StringBuilder("<h2 id=\"cycles\">Dependency cycles</h2>\n<p class=\"sub\">Each arrow says why one transaction must come "
        + "before the next; together they come back to the first: no order of the transactions explains what they observed. "
        + "Click a transaction to see it in the timeline.</p>\n");
    for (Cycle c : cycles) {
      out.append("<figure class=\"cycle\"><figcaption>").append(HtmlReport.esc(c.type())).append("</figcaption>\n");
      svg(out, c);
      if (c.explanation() != null) out.append("<pre class=\"explanation\">").append(HtmlReport.esc(c.explanation())).append("</pre>\n");
      out.append("</figure>\n");
    }
    return out.toString();
  }

  private record Node(String name, long invoke) {}

  private record Edge(int from, int to, String label) {}

  private record Cycle(String type, List<Node> nodes, List<Edge> edges, String explanation) {}

  private static void collect(Map<?, ?> byType, List<Cycle> out) {
    for (Object list : byType.values()) {
      if (!(list instanceof List<?> anomalies)) continue;
      for (Object a : anomalies) {
        if (out.size() >= MAX_CYCLES) return;
        if (!(a instanceof Map<?, ?> anomaly) || !(anomaly.get("steps") instanceof List<?> steps) || steps.isEmpty()) continue;
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        // A long cycle is drawn by its first steps, then one node for the rest, then the step that closes it.
        int drawn = steps.size() > MAX_NODES ? MAX_NODES - 1 : steps.size();
        for (int i = 0; i < drawn; i++) {
          if (!(steps.get(i) instanceof Map<?, ?> step)) continue;
          int from = node(nodes, String.valueOf(step.get("from")), anomaly);
          int to = node(nodes, String.valueOf(step.get("to")), anomaly);
          edges.add(new Edge(from, to, label(step)));
        }
        String caption = String.valueOf(anomaly.get("type"));
        if (drawn < steps.size() && steps.getLast() instanceof Map<?, ?> closing && !nodes.isEmpty()) {
          int rest = steps.size() - drawn;
          nodes.add(new Node(String.format(Locale.ROOT, "\u2026 %,d", rest - 1), -1));
          int more = nodes.size() - 1;
          edges.add(new Edge(edges.isEmpty() ? 0 : edges.getLast().to(), more, ""));
          edges.add(new Edge(more, node(nodes, String.valueOf(closing.get("to")), anomaly), label(closing)));
          caption += String.format(Locale.ROOT, " (a cycle of %,d steps: the first %d and the last drawn, the %,d transactions between as one node)",
              steps.size(), drawn, rest - 1);
        }
        out.add(new Cycle(caption, nodes, edges, anomaly.get("explanation") == null ? null : anomaly.get("explanation").toString()));
      }
    }
  }

  /** The dependency and its key, a long key cut (a 2 MB key would make the picture 2 MB wide). */
  private static String label(Map<?, ?> step) {
    String label = String.valueOf(step.get("type"));
    if (step.get("key") == null) return label;
    String key = String.valueOf(step.get("key"));
    return label + " " + (key.length() <= MAX_KEY_CHARS ? key : key.substring(0, MAX_KEY_CHARS) + "\u2026 (key cut at " + MAX_KEY_CHARS + " chars)");
  }

  /** The position of transaction {@code name} among the nodes, added with its invocation event if new. */
  private static int node(List<Node> nodes, String name, Map<?, ?> anomaly) {
    for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(name)) return i;
    long invoke = -1;
    if (anomaly.get("txns") instanceof List<?> txns) {
      for (Object t : txns) {
        if (t instanceof Map<?, ?> txn && name.equals(String.valueOf(txn.get("name"))) && txn.get("invoke") instanceof Number n) invoke = n.longValue();
      }
    }
    nodes.add(new Node(name, invoke));
    return nodes.size() - 1;
  }

  private static void svg(StringBuilder out, Cycle c) {
    int n = c.nodes().size();
    double radius = n == 1 ? 0 : 50 + 14 * n;
    double size = 2 * radius + 120;
    double mid = size / 2;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double angle = -Math.PI / 2 + 2 * Math.PI * i / n;
      x[i] = mid + radius * Math.cos(angle);
      y[i] = mid + radius * Math.sin(angle);
    }
    out.append(String.format(Locale.ROOT, "<svg class=\"cycle-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
        + "viewBox=\"0 0 %.0f %.0f\" role=\"img\">", size, size, size, size));
    out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#37474f\"/></marker></defs>");
    for (Edge e : c.edges()) {
      // A curve bowed away from the centre, so that a two-transaction cycle draws two arrows, not one line.
      double x1 = x[e.from()], y1 = y[e.from()], x2 = x[e.to()], y2 = y[e.to()];
      double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
      double dx = x2 - x1, dy = y2 - y1;
      double length = Math.max(1, Math.hypot(dx, dy));
      double bow = e.from() == e.to() ? 0 : 0.25 * length;
      double cx = mx + dy / length * bow, cy = my - dx / length * bow;
      // End the arrow at the edge of the node's circle, not its centre.
      double ex = x2 - (x2 - cx) / Math.max(1, Math.hypot(x2 - cx, y2 - cy)) * 20;
      double ey = y2 - (y2 - cy) / Math.max(1, Math.hypot(x2 - cx, y2 - cy)) * 20;
      String kind = e.label().split(" ", 2)[0];
      out.append(String.format(Locale.ROOT, "<path class=\"dep %s\" d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"1.6\" marker-end=\"url(#arrow)\"/>", HtmlReport.esc(kind), x1, y1, cx, cy, ex, ey, colour(kind)));
      out.append(String.format(Locale.ROOT, "<text class=\"dep-label\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#263238\">",
          (mx + cx) / 2, (my + cy) / 2)).append(HtmlReport.esc(e.label())).append("</text>");
    }
    for (int i = 0; i < n; i++) {
      Node node = c.nodes().get(i);
      out.append("<g class=\"txn\"").append(node.invoke() >= 0 ? " data-goto=\"" + node.invoke() + "\" style=\"cursor:pointer\"" : "").append('>');
      out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"18\" fill=\"#e3f2fd\" stroke=\"#1a237e\"/>", x[i], y[i]));
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" dominant-baseline=\"middle\">", x[i], y[i]))
          .append(HtmlReport.esc(node.name())).append("</text></g>");
    }
    out.append("</svg>\n");
  }

  /** rw anti-dependencies stand out: they are what separates snapshot isolation from serializability. */
  private static String colour(String kind) {
    return switch (kind) {
      case "rw" -> "#d81b60";
      case "wr" -> "#1e88e5";
      case "ww" -> "#43a047";
      default -> "#757575";
    };
  }
}
