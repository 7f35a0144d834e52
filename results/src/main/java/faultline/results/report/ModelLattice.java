package faultline.results.report;

import faultline.checker.consistency.ConsistencyModels;
import faultline.checker.consistency.ConsistencyModels.Family;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The consistency models of a result as a small lattice picture, as Elle draws its models: the
 * strongest model at the top, an arrow from each model to the weaker ones it implies, the models
 * the history rules out in red, and the strongest models still possible in green. The models,
 * their order and the arrows come from the checker's one lattice, {@link ConsistencyModels}: for a
 * transactional result its whole transactional family, for a single-object one the models the
 * result reports. Inline SVG, with every name escaped; no script.
 */
final class ModelLattice {
  private static final int ROW = 64;
  private static final int NODE_HEIGHT = 26;
  private static final int GAP = 14;
  private static final double CHAR_WIDTH = 7.2;

  private ModelLattice() {}

  /** How the result leaves a model. */
  enum Mark { RULED_OUT, STRONGEST_POSSIBLE, POSSIBLE, UNKNOWN }

  /** The models, each with the weaker models it implies directly, and each with its mark. */
  record Lattice(Map<String, List<String>> implies, Map<String, Mark> marks) {}

  /** The section, or empty when the result has no per-model verdicts. */
  static String html(Map<String, Object> results) {
    Lattice lattice = of(results);
    if (lattice == null) return "";
    StringBuilder out = new StringBuilder("<h2>Consistency models</h2>\n<p class=\"sub\">Each arrow goes from a model to a weaker one it "
        + "implies. <span class=\"lattice-key ruled-out\">ruled out</span> by this history; "
        + "<span class=\"lattice-key strongest\">strongest still possible</span>; <span class=\"lattice-key unknown\">undecided</span>.</p>\n");
    svg(out, lattice);
    return out.toString();
  }

  /** The lattice of the result at hand, or null when it has no models' verdicts. */
  static Lattice of(Map<String, Object> results) {
    Map<?, ?> models = null;
    Object anomalyTypes = null;
    for (Map<?, ?> checker : checkers(results)) {
      if (models == null && checker.get("models") instanceof Map<?, ?> m && !m.isEmpty()) {
        models = m;
        anomalyTypes = checker.get("anomaly-types");
      }
    }
    if (models == null) return null;
    Set<String> ruledOut = new LinkedHashSet<>();
    Set<String> unknown = new LinkedHashSet<>();
    models.forEach((name, verdict) -> {
      Object valid = verdict instanceof Map<?, ?> v ? v.get("valid") : null;
      if (Boolean.FALSE.equals(valid)) ruledOut.add(name.toString());
      else if (!Boolean.TRUE.equals(valid)) unknown.add(name.toString());
    });
    Map<String, List<String>> implies;
    if (models.keySet().stream().anyMatch(m -> ConsistencyModels.isModel(m.toString(), Family.TRANSACTIONAL))) {
      implies = ConsistencyModels.arrows(ConsistencyModels.names(Family.TRANSACTIONAL));
      if (anomalyTypes instanceof Collection<?> types) ruledOut.addAll(ConsistencyModels.ruledOut(types.stream().map(String::valueOf).toList()));
    } else {
      implies = ConsistencyModels.arrows(models.keySet().stream().map(String::valueOf).toList());
    }
    unknown.removeAll(ruledOut);
    Map<String, Set<String>> weaker = new HashMap<>();
    for (String m : implies.keySet()) weaker.put(m, closure(m, implies));
    Map<String, Mark> marks = new LinkedHashMap<>();
    for (String m : implies.keySet()) {
      boolean possible = !ruledOut.contains(m);
      // The strongest possible: no other possible model implies it (Elle's :strongest-possible, here over decided models).
      boolean strongest = possible && !unknown.contains(m) && implies.keySet().stream()
          .noneMatch(o -> !o.equals(m) && !ruledOut.contains(o) && !unknown.contains(o) && weaker.get(o).contains(m));
      marks.put(m, !possible ? Mark.RULED_OUT : unknown.contains(m) ? Mark.UNKNOWN : strongest ? Mark.STRONGEST_POSSIBLE : Mark.POSSIBLE);
    }
    return new Lattice(implies, marks);
  }

  /** The checkers' entries of results.json, or the result itself when it is one checker's. */
  private static List<Map<?, ?>> checkers(Map<String, Object> results) {
    List<Map<?, ?>> out = new ArrayList<>();
    out.add(results); // a run's own "models", or one checker's result
    if (results.get("checkers") instanceof List<?> list) for (Object c : list) if (c instanceof Map<?, ?> m) out.add(m);
    return out;
  }

  private static Set<String> closure(String model, Map<String, List<String>> implies) {
    Set<String> seen = new LinkedHashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(implies.get(model));
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (seen.add(next)) todo.addAll(implies.getOrDefault(next, List.of()));
    }
    return seen;
  }

  /** Draws the lattice in rows: a model's row is the longest chain of stronger models above it. */
  private static void svg(StringBuilder out, Lattice lattice) {
    Map<String, List<String>> implies = lattice.implies();
    Map<String, Integer> row = new LinkedHashMap<>();
    for (String m : implies.keySet()) row.putIfAbsent(m, 0);
    // Longest-path layering; the lattice is acyclic and small, so relax until nothing moves.
    for (boolean moved = true; moved; ) {
      moved = false;
      for (String m : implies.keySet()) {
        for (String w : implies.get(m)) {
          if (row.get(w) < row.get(m) + 1) {
            row.put(w, row.get(m) + 1);
            moved = true;
          }
        }
      }
    }
    int rows = row.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    List<List<String>> byRow = new ArrayList<>();
    for (int r = 0; r < rows; r++) byRow.add(new ArrayList<>());
    row.forEach((m, r) -> byRow.get(r).add(m));
    Map<String, Double> x = new HashMap<>();
    Map<String, Double> width = new HashMap<>();
    for (String m : implies.keySet()) width.put(m, m.length() * CHAR_WIDTH + 18);
    double widest = 0;
    for (List<String> models : byRow) {
      widest = Math.max(widest, models.stream().mapToDouble(width::get).sum() + GAP * (models.size() - 1));
    }
    for (List<String> models : byRow) {
      // Under their stronger models, as far as the row allows: fewer crossing arrows.
      models.sort((a, b) -> Double.compare(parentsX(a, implies, x), parentsX(b, implies, x)));
      double total = models.stream().mapToDouble(width::get).sum() + GAP * (models.size() - 1);
      double left = 10 + (widest - total) / 2;
      for (String m : models) {
        x.put(m, left + width.get(m) / 2);
        left += width.get(m) + GAP;
      }
    }
    double w = widest + 20;
    double h = rows * ROW - (ROW - NODE_HEIGHT) + 20;
    out.append(String.format(Locale.ROOT, "<svg class=\"model-lattice\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
        + "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"consistency models\">", w, h, w, h));
    out.append("<defs><marker id=\"lattice-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#90a4ae\"/></marker></defs>");
    for (String m : implies.keySet()) {
      for (String weaker : implies.get(m)) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b0bec5\" stroke-width=\"1.2\" "
            + "marker-end=\"url(#lattice-arrow)\"/>", x.get(m), y(row.get(m)) + NODE_HEIGHT, x.get(weaker), y(row.get(weaker))));
      }
    }
    for (String m : implies.keySet()) {
      Mark mark = lattice.marks().get(m);
      String[] style = switch (mark) {
        case RULED_OUT -> new String[] {"ruled-out", "#fde4e4", "#c62828", "1.5", "#b71c1c", "ruled out by this history"};
        case STRONGEST_POSSIBLE -> new String[] {"strongest", "#c8e6c9", "#1b5e20", "3", "#1b5e20", "the strongest model still possible"};
        case UNKNOWN -> new String[] {"unknown", "#fff1d6", "#8a5300", "1.5", "#8a5300", "undecided"};
        case POSSIBLE -> new String[] {"possible", "#ffffff", "#78909c", "1", "#37474f", "still possible"};
      };
      double left = x.get(m) - width.get(m) / 2;
      out.append("<g class=\"model ").append(style[0]).append("\" data-model=\"").append(HtmlReport.esc(m)).append("\"><title>")
          .append(HtmlReport.esc(m)).append(": ").append(style[5]).append("</title>");
      out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" rx=\"5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>",
          left, y(row.get(m)), width.get(m), NODE_HEIGHT, style[1], style[2], style[3], mark == Mark.UNKNOWN ? " stroke-dasharray=\"4 3\"" : ""));
      out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" font-family=\"sans-serif\" text-anchor=\"middle\" "
          + "dominant-baseline=\"central\" fill=\"%s\"%s>", x.get(m), y(row.get(m)) + NODE_HEIGHT / 2.0, style[4],
          mark == Mark.RULED_OUT ? " text-decoration=\"line-through\"" : mark == Mark.STRONGEST_POSSIBLE ? " font-weight=\"bold\"" : ""))
          .append(HtmlReport.esc(m)).append("</text></g>");
    }
    out.append("</svg>\n");
  }

  private static double y(int row) {
    return 10 + row * ROW;
  }

  /** The mean x of the models placed so far that imply {@code m} directly, or 0 for a top model. */
  private static double parentsX(String m, Map<String, List<String>> implies, Map<String, Double> x) {
    double sum = 0;
    int n = 0;
    for (Map.Entry<String, List<String>> e : implies.entrySet()) {
      if (e.getValue().contains(m) && x.containsKey(e.getKey())) {
        sum += x.get(e.getKey());
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }
}
