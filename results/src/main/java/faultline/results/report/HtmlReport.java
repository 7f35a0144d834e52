package faultline.results.report;

import faultline.checker.WitnessOp;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.Verdict;
import faultline.checker.history.Values;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * report.html, self-contained (styles, script, data and plots inline; nothing fetched): the
 * verdicts, each anomaly in words with its witness ops, the timeline, the plots, the
 * configuration and the command that runs the test again.
 */
public final class HtmlReport {
  /** Values longer than this are cut in the timeline's data; the history has them whole. */
  private static final int MAX_VALUE_CHARS = 80;
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  /** The page; {@code latencyPng} is shown for runs past {@link Plots#SVG_MAX_POINTS} ops, the SVG plots otherwise. */
  public static String render(RunInputs run, List<Finding> findings, Timeline timeline, byte[] latencyPng) {
    Verdict overall = Finding.overall(findings);
    StringBuilder out = new StringBuilder(1 << 20);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">\n<title>")
        .append(esc(run.name())).append(": ").append(Finding.word(overall)).append(" — faultline</title>\n<style>\n")
        .append(resource("report.css")).append("</style></head>\n<body>\n");

    out.append("<h1>").append(esc(run.name())).append(" <span id=\"verdict\" class=\"badge ").append(Finding.word(overall)).append("\">")
        .append(Finding.word(overall)).append("</span></h1>\n<p class=\"sub\">");
    if (run.test().get("description") != null) out.append(esc(String.valueOf(run.test().get("description")))).append(". ");
    if (run.test().get("started") != null) out.append("Started ").append(esc(String.valueOf(run.test().get("started")))).append(". ");
    out.append("History: ").append(esc(run.history().source())).append(", ").append(run.history().size()).append(" events.</p>\n");

    verdicts(out, findings);
    out.append(ModelLattice.html(run.results()));
    anomalies(out, findings, CycleGraphs.explanations(run.results()));
    out.append(CycleGraphs.html(run.results()));
    out.append(FaultsSection.html(run.history(), timeline));
    timelineSection(out, findings, timeline);

    out.append("<h2>Latency and throughput</h2>\n<p class=\"sub\">Shaded bands: faults injected by the nemesis. "
        + "The blue box: the time the timeline's page shows; click a plot to show that time in the timeline.</p>\n");
    // SVG stays sharp when zoomed or printed; the latency plot's SVG has an element per op, so a large run's is the PNG.
    double[] axis = Plots.timeAxisPixels(timeline);
    if (Plots.latencyPoints(timeline) <= Plots.SVG_MAX_POINTS) plot(out, "latency", "svg+xml", Plots.latencySvg(timeline).getBytes(StandardCharsets.UTF_8), axis);
    else plot(out, "latency", "png", latencyPng, axis);
    plot(out, "throughput", "svg+xml", Plots.throughputSvg(timeline).getBytes(StandardCharsets.UTF_8), axis);

    configuration(out, run);
    out.append("<h2>Files</h2>\n<p>");
    for (String f : List.of("history.jsonl", "results.json", "test.json", "junit.xml", "summary.md", "latency.png", "throughput.png")) {
      out.append("<a href=\"").append(f).append("\">").append(f).append("</a> &nbsp; ");
    }
    out.append("</p>\n");

    out.append("<script type=\"application/json\" id=\"faultline-data\">").append(data(findings, timeline, CycleGraphs.transactions(run.results())))
        .append("</script>\n");
    out.append("<script>\n").append(resource("timeline.js")).append("</script>\n</body></html>\n");
    return out.toString();
  }

  /**
   * A plot as an img of a data URI: an SVG there is drawn as a picture, never run as a document.
   * Beside it, a box the timeline's script moves over the time its page shows; {@code axis} is
   * where the plot's time axis runs, as fractions of its width.
   */
  private static void plot(StringBuilder out, String name, String type, byte[] image, double[] axis) {
    out.append("<div class=\"plot-box\"><img class=\"plot\" id=\"").append(name).append("-plot\" alt=\"").append(name)
        .append(String.format(java.util.Locale.ROOT, " plot\" data-x0=\"%.5f\" data-x1=\"%.5f\"", axis[0] / Plots.WIDTH, axis[1] / Plots.WIDTH))
        .append(" data-format=\"").append(type.equals("png") ? "png" : "svg").append("\" src=\"data:image/").append(type).append(";base64,")
        .append(Base64.getEncoder().encodeToString(image)).append("\"><div class=\"page-span\" title=\"the time the timeline's page shows\"></div></div>\n");
  }

  private static void verdicts(StringBuilder out, List<Finding> findings) {
    out.append("<h2>Verdicts</h2>\n<table id=\"verdicts\"><tr><th>checker / model</th><th>verdict</th><th>what was checked or found</th></tr>\n");
    for (Finding f : findings) {
      out.append("<tr><td>").append(esc(f.name())).append("</td><td><span class=\"badge ").append(f.verdictWord()).append("\">")
          .append(f.verdictWord()).append("</span></td><td>").append(esc(f.summary())).append("</td></tr>\n");
    }
    if (findings.isEmpty()) out.append("<tr><td colspan=\"3\">results.json holds no checker's verdict</td></tr>\n");
    out.append("</table>\n");
  }

  /** The anomalies section: each non-valid finding's explanations and witness table (the site's finding pages too). */
  public static void anomalies(StringBuilder out, List<Finding> findings) {
    anomalies(out, findings, Set.of());
  }

  /**
   * The anomalies section, each witness once: a model's witness is often its checker's (the same
   * ops, its explanation without the key line), and an explanation in {@code drawn} is shown
   * beside its cycle's picture instead.
   */
  /**
   * Whether {@code explanation} tells a cycle drawn beside its picture: the cycle's own text, or a
   * result's explanation of it ("G2-item: " and the text, then maybe the nodes that served it).
   */
  private static boolean isDrawn(String explanation, Set<String> drawn) {
    String e = explanation.strip();
    if (drawn.contains(e)) return true;
    int colon = e.indexOf(": ");
    return colon > 0 && drawn.stream().anyMatch(d -> e.startsWith(d, colon + 2));
  }

  static void anomalies(StringBuilder out, List<Finding> findings, Set<String> drawn) {
    List<Finding> invalid = findings.stream().filter(f -> f.verdict() != Verdict.VALID && (!f.explanations().isEmpty() || !f.witness().isEmpty())).toList();
    if (invalid.isEmpty()) return;
    out.append("<h2>Anomalies</h2>\n");
    List<String> shownTexts = new ArrayList<>();
    Set<List<Long>> shownWitnesses = new HashSet<>();
    for (Finding f : invalid) {
      List<Long> ops = f.witness().stream().map(WitnessOp::invokeIndex).toList();
      if (!ops.isEmpty() && shownWitnesses.contains(ops)) continue;
      if (!f.explanations().isEmpty() && shownTexts.stream().anyMatch(t -> t.contains(f.explanations().get(0)))) continue;
      if (!ops.isEmpty()) shownWitnesses.add(ops);
      shownTexts.addAll(f.explanations());
      List<String> explanations = f.explanations().stream().filter(e -> !isDrawn(e, drawn)).toList();
      out.append("<h3>").append(esc(f.name())).append(": ").append(f.verdictWord()).append("</h3>\n");
      if (explanations.size() < f.explanations().size()) {
        int cycles = f.explanations().size() - explanations.size();
        out.append("<p>").append(cycles).append(cycles == 1 ? " cycle, drawn and explained" : " cycles, drawn and explained")
            .append(" under <a href=\"#cycles\">Dependency cycles</a>.</p>\n");
      }
      for (String e : explanations) out.append("<pre class=\"explanation\">").append(esc(e)).append("</pre>\n");
      if (f.witness().isEmpty()) continue;
      out.append("<table class=\"witness\"><tr><th>role</th><th>key</th><th>process</th><th>op</th><th>value</th><th>events</th><th>why</th></tr>\n");
      for (WitnessOp op : f.witness()) {
        out.append("<tr").append(op.isAnomaly() ? " class=\"anomaly\"" : "").append("><td>").append(role(op.role())).append("</td><td>")
            .append(esc(op.key() == null ? "" : Values.show(op.key()))).append("</td><td>").append(esc(String.valueOf(op.process())))
            .append("</td><td>").append(esc(op.what())).append("</td><td>").append(esc(Findings.shownValue(op)))
            .append("</td><td><span class=\"goto\" data-goto=\"").append(op.invokeIndex()).append("\" title=\"show in the timeline\">")
            .append(esc(op.events())).append("</span></td><td>").append(esc(op.note() == null ? "" : op.note())).append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
  }

  private static String role(String role) {
    return switch (role) {
      case "anomaly" -> "<b>anomaly</b>";
      case "before" -> "linearized before";
      case "candidate" -> "could not follow";
      default -> esc(role);
    };
  }

  private static void timelineSection(StringBuilder out, List<Finding> findings, Timeline timeline) {
    out.append("<h2>Timeline</h2>\n<p class=\"sub\">Each bar is an op of one process, from invocation to completion. "
        + "Click a bar for its details; the witness's events in the tables above show their op here.</p>\n");
    out.append("<div id=\"timeline-controls\"><button id=\"goto-anomaly\">go to the anomaly</button><button id=\"goto-fault\">go to the first fault</button>"
        + "<button id=\"page-first\">&laquo;</button><button id=\"page-prev\">&lsaquo; earlier</button>"
        + "<button id=\"page-next\">later &rsaquo;</button><button id=\"page-last\">&raquo;</button>"
        + "<select id=\"page-size\"><option value=\"250\">250 ops a page</option><option value=\"500\" selected>500 ops a page</option><option value=\"1000\">1000 ops a page</option>"
        + "<option value=\"4000\">4000 ops a page</option></select><button id=\"zoom-out\">zoom &minus;</button><button id=\"zoom-in\">zoom +</button>"
        + "<span id=\"page-label\"></span></div>\n");
    out.append("<div class=\"legend\"><span style=\"background:#43a047\"></span>ok<span style=\"background:#e53935\"></span>fail"
        + "<span style=\"background:#fb8c00\"></span>info (unknown)<span style=\"background:#6d4c41\"></span>nemesis"
        + "<span style=\"outline:3px solid #d500f9\"></span>anomaly<span style=\"outline:2px solid #1a237e\"></span>witness"
        + "<span style=\"background:rgba(255,152,0,.3)\"></span>fault in force</div>\n");
    out.append("<div id=\"timeline\"><div id=\"timeline-canvas\"></div></div>\n<div id=\"op-detail\"></div>\n");
  }

  private static void configuration(StringBuilder out, RunInputs run) {
    out.append("<h2>Configuration</h2>\n");
    String command = ReproduceCommand.of(run.test());
    if (command != null) {
      out.append("<p>Run it again, with the same settings and seed:</p>\n<pre id=\"reproduce\">").append(esc(command)).append("</pre>\n");
    }
    if (!run.test().isEmpty()) {
      out.append("<table id=\"configuration\">\n");
      run.test().forEach((k, v) -> out.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(json(v))).append("</td></tr>\n"));
      out.append("</table>\n");
    }
    Map<String, Object> rest = new LinkedHashMap<>(run.results());
    rest.keySet().removeAll(List.of("valid", "test", "checkers", "models"));
    if (!rest.isEmpty()) {
      out.append("<h3>Run statistics and nemesis outcome (results.json)</h3>\n<table>\n");
      rest.forEach((k, v) -> out.append("<tr><th>").append(esc(k)).append("</th><td><code>").append(esc(json(v))).append("</code></td></tr>\n"));
      out.append("</table>\n");
    }
  }

  /** The timeline's data, column by column (compact for 100,000 ops), for timeline.js. */
  private static String data(List<Finding> findings, Timeline timeline, List<Long> cycleTransactions) {
    List<TimedOp> ops = timeline.ops();
    int n = ops.size();
    List<Object> processes = new ArrayList<>();
    Map<Object, Integer> processIds = new HashMap<>();
    List<String> fs = new ArrayList<>();
    Map<String, Integer> fIds = new HashMap<>();
    int[] p = new int[n];
    int[] f = new int[n];
    int[] o = new int[n];
    long[] s = new long[n];
    long[] e = new long[n];
    long[] i = new long[n];
    long[] c = new long[n];
    String[] k = new String[n];
    String[] v = new String[n];
    String[] r = new String[n];
    String[] err = new String[n];
    for (int j = 0; j < n; j++) {
      TimedOp op = ops.get(j);
      p[j] = processIds.computeIfAbsent(op.process(), x -> { processes.add(x); return processes.size() - 1; });
      f[j] = fIds.computeIfAbsent(String.valueOf(op.f()), x -> { fs.add(x); return fs.size() - 1; });
      o[j] = switch (op.outcome()) { case "ok" -> 0; case "fail" -> 1; case "info" -> 2; default -> 3; };
      s[j] = op.start();
      e[j] = op.end();
      i[j] = op.invokeIndex();
      c[j] = op.completeIndex();
      k[j] = op.key() == null ? null : short_(op.key());
      v[j] = short_(op.value());
      r[j] = op.completed() ? short_(op.result()) : null;
      err[j] = op.error();
    }
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("p", p);
    columns.put("f", f);
    columns.put("o", o);
    columns.put("s", s);
    columns.put("e", e);
    columns.put("i", i);
    columns.put("c", c);
    columns.put("k", k);
    columns.put("v", v);
    columns.put("r", r);
    columns.put("err", err);
    List<Map<String, Object>> witness = new ArrayList<>();
    Long focus = null;
    for (Finding finding : findings) {
      if (finding.verdict() == Verdict.VALID) continue;
      for (WitnessOp w : finding.witness()) witness.add(Map.of("invoke", w.invokeIndex(), "role", w.role()));
      if (focus == null && finding.focus() != null) focus = finding.focus().invokeIndex();
    }
    // A cycle's transactions are its witness: the first one drawn is where "go to the anomaly" leads.
    for (Long t : cycleTransactions) witness.add(Map.of("invoke", t, "role", "cycle"));
    if (focus == null && !cycleTransactions.isEmpty()) focus = cycleTransactions.get(0);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("realTime", timeline.realTime());
    data.put("end", Math.max(1, timeline.end())); // where the plots' time axis ends (it begins at 0)
    data.put("processes", processes);
    data.put("fs", fs);
    data.put("ops", columns);
    data.put("nemesis", timeline.nemesisIntervals().stream().map(b -> List.of(b.start(), b.end(), b.name())).toList());
    data.put("witness", witness);
    data.put("focus", focus);
    // Where the timeline opens when there is no anomaly to show: the first fault's start op.
    data.put("faultFocus", timeline.nemesisIntervals().isEmpty() ? null : timeline.nemesisIntervals().get(0).startInvoke());
    return scriptSafe(json(data));
  }

  /**
   * JSON that may sit inside a script element: "</script" would end the element and "<!--" would
   * make the parser hide every later script, so no '<' may appear; '>' and '&' go too, and U+2028
   * and U+2029, which older JavaScript engines refuse in a string. JSON's own escapes read back
   * as the same text, so the page sees the values unchanged.
   */
  static String scriptSafe(String json) {
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char ch = json.charAt(i);
      switch (ch) {
        case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) ch));
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  private static String short_(Object value) {
    String shown = Values.show(value);
    return shown.length() <= MAX_VALUE_CHARS ? shown : shown.substring(0, MAX_VALUE_CHARS - 1) + "…";
  }

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HTML-escaped: every value from a history or a run's files reaches a page through this. */
  public static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
