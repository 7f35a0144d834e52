package faultline.results.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.results.report.Finding;
import faultline.results.report.Findings;
import faultline.results.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two runs side by side ({@code faultline compare}, and the published site's comparison pages):
 * the checkers' and models' verdicts that differ, the anomaly counts that changed, and the
 * configuration lines that differ. Configuration lines are test.json's settings flattened to
 * dotted paths ({@code durability}, {@code nemesis.faults}, {@code ran.nodes.n1.version}), so
 * "appendfsync everysec against always" is one line. Facts that differ between any two runs
 * (the seed, the start time, a server's run id or start time) are listed apart, as
 * {@link #incidental()}, and do not make two runs "differ in configuration".
 *
 * @param a what the first run is called (its folder, or scenario and time)
 * @param verdicts rows whose verdicts differ: checker or model, then A's and B's words
 * @param counts rows whose anomaly counts differ
 * @param configuration rows whose configuration lines differ
 * @param incidental the paths of per-run facts that differ
 */
public record RunComparison(String a, String b, List<Row> verdicts, int verdictsCompared, List<Row> counts, List<Row> configuration,
    List<String> incidental) {
  /** One line that differs: what, A's value, B's value ("—" where a run has none). */
  public record Row(String what, String a, String b) {}

  /** Leaves that differ between any two runs of one configuration. */
  private static final Set<String> INCIDENTAL = Set.of("seed", "started", "run-id", "config-file", "postmaster-start",
      "system-identifier", "data-directory", "pid");
  /** A checker's fields that count anomalies found (besides its {@code "anomalies"} map, counted by type). */
  private static final List<String> COUNT_FIELDS = List.of("lost", "unexpected", "lost-count", "unexpected-count",
      "duplicated-count", "lost-update-reads", "errors");
  static final String NONE = "—";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Compares two run folders: results.json must be in each, test.json may be missing (a history
   * checked elsewhere). Throws IOException naming the folder that is not a run's.
   */
  public static RunComparison of(Path a, Path b) throws IOException {
    return of(a.toString(), readMap(a, "test.json", false), readMap(a, "results.json", true),
        b.toString(), readMap(b, "test.json", false), readMap(b, "results.json", true));
  }

  private static Map<String, Object> readMap(Path run, String name, boolean required) throws IOException {
    Path file = run.resolve(name);
    if (!Files.isRegularFile(file)) {
      if (!required) return Map.of();
      throw new IOException(run + ": not a run folder (no " + name + ")");
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new IOException(file + ": not readable as JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }

  /** Compares run A ({@code testA}: test.json, empty when missing; {@code resultsA}: results.json) with run B. */
  public static RunComparison of(String a, Map<String, Object> testA, Map<String, Object> resultsA,
      String b, Map<String, Object> testB, Map<String, Object> resultsB) {
    Map<String, String> verdictsA = verdicts(resultsA);
    Map<String, String> verdictsB = verdicts(resultsB);
    List<String> incidental = new ArrayList<>();
    List<Row> configuration = new ArrayList<>();
    Map<String, String> linesA = new LinkedHashMap<>();
    Map<String, String> linesB = new LinkedHashMap<>();
    flatten("", testA, linesA);
    flatten("", testB, linesB);
    for (Row row : differing(linesA, linesB)) {
      String leaf = row.what().substring(row.what().lastIndexOf('.') + 1);
      if (INCIDENTAL.contains(leaf)) incidental.add(row.what());
      else configuration.add(row);
    }
    Set<String> both = new LinkedHashSet<>(verdictsA.keySet());
    both.addAll(verdictsB.keySet());
    return new RunComparison(a, b, differing(verdictsA, verdictsB), both.size(), differing(counts(resultsA), counts(resultsB)),
        configuration, incidental);
  }

  /** Whether the runs were configured differently (per-run facts such as the seed aside). */
  public boolean differsInConfiguration() {
    return !configuration.isEmpty();
  }

  /** The comparison for a terminal, one fact a line (values as the files hold them: escape before printing). */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("A: " + a);
    out.add("B: " + b);
    section(out, "verdicts", verdicts, verdictsCompared == 0 ? "no checker's verdict in either run"
        : "the same (" + verdictsCompared + (verdictsCompared == 1 ? " verdict)" : " verdicts)"));
    section(out, "anomaly counts", counts, "the same");
    section(out, "configuration lines", configuration, "the same");
    if (!incidental.isEmpty()) out.add("also differ, as between any two runs: " + String.join(", ", incidental));
    return out;
  }

  private static void section(List<String> out, String title, List<Row> rows, String same) {
    if (rows.isEmpty()) {
      out.add(title + ": " + same);
      return;
    }
    out.add(title + " that differ (A against B):");
    for (Row r : rows) out.add("  " + r.what() + ": " + r.a() + " against " + r.b());
  }

  /** The comparison as an HTML fragment, every value escaped. */
  public String html() {
    StringBuilder out = new StringBuilder();
    table(out, "verdicts", "Verdicts", verdicts, verdictsCompared == 0 ? "No checker's verdict in either run."
        : "The same in both (" + verdictsCompared + (verdictsCompared == 1 ? " verdict)." : " verdicts)."));
    table(out, "counts", "Anomaly counts", counts, "The same in both.");
    table(out, "configuration", "Configuration", configuration, "The same in both.");
    if (!incidental.isEmpty()) {
      out.append("<p class=\"sub\">Also differ, as between any two runs: ").append(HtmlReport.esc(String.join(", ", incidental))).append("</p>\n");
    }
    return out.toString();
  }

  private static void table(StringBuilder out, String id, String title, List<Row> rows, String same) {
    out.append("<h2>").append(title).append("</h2>\n");
    if (rows.isEmpty()) {
      out.append("<p id=\"").append(id).append("-same\">").append(same).append("</p>\n");
      return;
    }
    out.append("<table id=\"").append(id).append("\"><tr><th></th><th>A</th><th>B</th></tr>\n");
    for (Row r : rows) {
      out.append("<tr><th>").append(HtmlReport.esc(r.what())).append("</th><td>").append(HtmlReport.esc(r.a()))
          .append("</td><td>").append(HtmlReport.esc(r.b())).append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  /** Each checker's and model's verdict, by the name the reports give it. */
  static Map<String, String> verdicts(Map<String, Object> results) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Finding f : Findings.of(results)) out.putIfAbsent(f.name(), f.verdictWord());
    return out;
  }

  /** "checker: anomaly type" -> how many, for every checker (and the checkers it is made of). */
  static Map<String, String> counts(Map<String, Object> results) {
    Map<String, String> out = new LinkedHashMap<>();
    if (results.get("checkers") instanceof List<?> checkers) countCheckers(checkers, out);
    return out;
  }

  private static void countCheckers(List<?> checkers, Map<String, String> out) {
    for (Object c : checkers) {
      if (!(c instanceof Map<?, ?> checker)) continue;
      String name = String.valueOf(checker.get("checker") != null ? checker.get("checker") : "check");
      if (checker.get("anomalies") instanceof Map<?, ?> byType) {
        byType.forEach((type, found) -> out.put(name + ": " + type,
            Long.toString(found instanceof List<?> list ? list.size() : found instanceof Number n ? n.longValue() : 1)));
      }
      for (String field : COUNT_FIELDS) {
        if (checker.get(field) instanceof Number n) out.put(name + ": " + field, show(n));
      }
      if (checker.get("checkers") instanceof List<?> parts) countCheckers(parts, out);
    }
  }

  /** test.json as lines: maps flattened to dotted paths, every other value as JSON writes it. */
  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String path = prefix + k;
      if (v instanceof Map<?, ?> inner && !inner.isEmpty()) flatten(path + ".", inner, out);
      else out.put(path, show(v));
    });
  }

  /** The keys of either map whose values differ, in A's order then B's. */
  private static List<Row> differing(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new LinkedHashSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) rows.add(new Row(k, a.getOrDefault(k, NONE), b.getOrDefault(k, NONE)));
    }
    return rows;
  }

  /** Strings as they are, 10.0 as 10, the rest as JSON. */
  private static String show(Object v) {
    if (v instanceof String s) return s;
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }
}
