package faultline.results.publish;

import faultline.checker.Verdict;
import faultline.checker.history.MalformedHistoryException;
import faultline.results.browse.Store;
import faultline.results.browse.StoredRun;
import faultline.results.report.Finding;
import faultline.results.report.Findings;
import faultline.results.report.HtmlReport;
import faultline.results.report.NemesisInterval;
import faultline.results.report.Reports;
import faultline.results.report.ReproduceCommand;
import faultline.results.report.RunInputs;
import faultline.results.report.Timeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code faultline publish STORE... OUT}: a static site of the runs of one store or several, for any static host. Every
 * page is self-contained (styles inline, nothing fetched) and every link relative. It holds:
 * {@code index.html} (each scenario with its latest verdicts, its runs and how many found
 * anomalies), {@code runs/<test>/<time>/} (each run's report.html, plots, junit.xml, summary.md,
 * rendered again here from its history.jsonl, results.json and test.json, which are copied beside
 * them), {@code findings/<test>/<time>.html} (each INVALID run's anomalies, its faults, its
 * configuration line and the command that reproduces it) and
 * {@code compare/<test>/<A>--<B>.html} (each run against the previous published run of its
 * scenario, when their configurations differ).
 *
 * <p>The store is input, not trusted (DESIGN.md's threat model): reports are rendered from the
 * runs' data rather than copied, so every value reaches a page escaped; a run folder or file that
 * is a link is skipped, and so is a folder whose name could not be a plain link.
 */
public final class PublishedSite {
  /** Test and run folder names that are published: names that are plain relative links as they are. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]*");
  private static final List<String> COPIED = List.of("history.jsonl", "results.json", "test.json");

  /**
   * Which runs to publish.
   *
   * @param tests the test names to publish; empty for every test of the store
   * @param latestOnly only the newest run of each test
   */
  public record Selection(Set<String> tests, boolean latestOnly) {
    public Selection {
      tests = Set.copyOf(tests);
    }
  }

  /** What was published; {@code skipped} names each run left out and why. */
  public record Published(Path out, int scenarios, int runs, int findings, int comparisons, List<String> skipped) {}

  /** One published run: what the index and comparisons need, without its history. */
  private record Entry(StoredRun stored, Map<String, Object> test, Map<String, Object> results, List<Finding> findings) {
    Verdict verdict() {
      return Finding.overall(findings);
    }

    String id() {
      return stored.test() + "/" + stored.time();
    }
  }

  private PublishedSite() {}

  public static Published publish(Path store, Path out, Selection selection) throws IOException {
    return publish(List.of(store), out, selection);
  }

  /**
   * One site of several stores, as CI matrix jobs or Kubernetes Jobs leave them (each its own
   * store): their runs are published together, as if one store held them all. A run whose test
   * and time a store named earlier already has is left out and named in {@code skipped}.
   */
  public static Published publish(List<Path> stores, Path out, Selection selection) throws IOException {
    if (stores.isEmpty()) throw new IllegalArgumentException("no store to publish");
    Path target = out.toAbsolutePath().normalize();
    SiteFolder.requireWritable(target);
    Path realSite = Files.exists(target, LinkOption.NOFOLLOW_LINKS) ? target.toRealPath() : target;
    for (Path store : stores) {
      if (!Files.isDirectory(store, LinkOption.NOFOLLOW_LINKS)) throw new IllegalArgumentException(store + ": no such store (faultline run makes one)");
      Path from = store.toRealPath();
      // The site is replaced whole when published again: a store inside it would go with it.
      if (from.startsWith(realSite) || realSite.startsWith(from)) {
        throw new IllegalArgumentException(out + ": the site and the store " + store + " must not hold one another");
      }
    }
    List<String> skipped = new ArrayList<>();
    Map<String, List<StoredRun>> byTest = new TreeMap<>();
    Map<String, Path> seen = new HashMap<>();
    for (Path store : stores) {
      for (StoredRun run : new Store(store).runs()) {
        if (!selection.tests().isEmpty() && !selection.tests().contains(run.test())) continue;
        String id = run.test() + "/" + run.time();
        Path first = seen.putIfAbsent(id, store);
        String why = first != null ? "also in " + first + ", published from there" : unpublishable(run);
        if (why != null) skipped.add(id + ": " + why);
        else byTest.computeIfAbsent(run.test(), t -> new ArrayList<>()).add(run);
      }
    }
    String named = stores.size() == 1 ? stores.get(0).toString() : "the stores";
    for (String test : selection.tests()) {
      if (!byTest.containsKey(test)) throw new IllegalArgumentException(named + ": no published run of a test named '" + test + "'");
    }
    byTest.values().forEach(runs -> {
      runs.sort(Comparator.comparing(StoredRun::time)); // oldest first
      if (selection.latestOnly()) runs.subList(0, runs.size() - 1).clear();
    });

    SiteFolder site = SiteFolder.open(out);
    try {
      Path root = site.root();
      Map<String, List<Entry>> entries = new LinkedHashMap<>();
      int findings = 0;
      int comparisons = 0;
      for (var test : byTest.entrySet()) {
        List<Entry> published = new ArrayList<>();
        for (StoredRun run : test.getValue()) {
          try {
            Entry e = publishRun(run, root);
            published.add(e);
            if (e.verdict() == Verdict.INVALID) findings++;
          } catch (MalformedHistoryException | IOException e) {
            skipped.add(run.test() + "/" + run.time() + ": " + e.getMessage());
          }
        }
        if (published.isEmpty()) continue;
        entries.put(test.getKey(), published);
        for (int i = 1; i < published.size(); i++) {
          Entry before = published.get(i - 1);
          Entry after = published.get(i);
          RunComparison c = compare(before, after);
          if (!c.differsInConfiguration()) continue;
          write(root.resolve(comparePage(before, after)), ComparePage.render(c, before, after));
          comparisons++;
        }
      }
      write(root.resolve("index.html"), IndexPage.render(entries, skipped));
      site.commit();
      return new Published(out, entries.size(), entries.values().stream().mapToInt(List::size).sum(), findings, comparisons, skipped);
    } catch (IOException | RuntimeException e) {
      site.abandon();
      throw e;
    }
  }

  /** Why a run is left out, or null: a name that is no plain link, a link, no results.json. */
  private static String unpublishable(StoredRun run) {
    if (!NAME.matcher(run.test()).matches() || !NAME.matcher(run.time()).matches()) return "a folder name other than letters, digits and ._+-";
    if (Files.isSymbolicLink(run.directory())) return "the run folder is a link";
    for (String file : COPIED) {
      Path p = run.directory().resolve(file);
      if (Files.isSymbolicLink(p)) return file + " is a link";
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return file + " is not a file";
    }
    if (!run.has("results.json")) return "no results.json (running, or interrupted before its check)";
    if (!run.has("history.jsonl")) return "no history.jsonl";
    return null;
  }

  /** Copies the run's data into the site, renders its reports there from that copy, and its finding page when INVALID. */
  private static Entry publishRun(StoredRun run, Path root) throws IOException, MalformedHistoryException {
    Path dir = Files.createDirectories(root.resolve(reportFolder(run)));
    for (String file : COPIED) {
      Path from = run.directory().resolve(file);
      if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) Files.copy(from, dir.resolve(file), LinkOption.NOFOLLOW_LINKS);
    }
    RunInputs inputs = RunInputs.load(dir);
    Reports.render(inputs, dir);
    Entry entry = new Entry(run, inputs.test(), inputs.results(), Findings.of(inputs.results()));
    if (entry.verdict() == Verdict.INVALID) {
      write(root.resolve(findingPage(run)), FindingPage.render(entry.stored(), inputs, entry.findings(), Timeline.of(inputs.history())));
    }
    return entry;
  }

  private static RunComparison compare(Entry a, Entry b) {
    return RunComparison.of(a.id(), a.test(), a.results(), b.id(), b.test(), b.results());
  }

  static String reportFolder(StoredRun run) {
    return "runs/" + run.test() + "/" + run.time() + "/";
  }

  static String findingPage(StoredRun run) {
    return "findings/" + run.test() + "/" + run.time() + ".html";
  }

  private static String comparePage(Entry a, Entry b) {
    return "compare/" + a.stored().test() + "/" + a.stored().time() + "--" + b.stored().time() + ".html";
  }

  private static void write(Path file, String html) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, html, StandardCharsets.UTF_8);
  }

  /**
   * The run's configuration in one line: workload and client, topology and durability, where
   * reads go, isolation, load, faults, and the servers' versions when test.json has them.
   */
  static String configurationLine(Map<String, Object> test) {
    if (test.isEmpty()) return "no test.json: a history from elsewhere";
    List<String> parts = new ArrayList<>();
    parts.add(test.getOrDefault("workload", "?") + " workload, client " + test.getOrDefault("client", "?"));
    parts.add("on " + test.getOrDefault("topology", "?") + (test.get("durability") != null ? " (" + test.get("durability") + ")" : ""));
    if (test.get("read-from") != null) parts.add("reads from " + test.get("read-from"));
    if (test.get("isolation") != null) parts.add("isolation " + test.get("isolation"));
    if (test.get("wait-replicas") instanceof Number n && n.longValue() > 0) parts.add("WAIT " + n + " replicas");
    boolean unlimited = test.get("rate") instanceof Number r && r.doubleValue() <= 0;
    parts.add(test.getOrDefault("concurrency", "?") + " processes for " + seconds(test.get("time-limit-s")) + " s "
        + (unlimited ? "as fast as they can" : "at up to " + seconds(test.get("rate")) + " ops/s"));
    parts.add("faults: " + String.join(", ", faults(test)));
    Set<String> versions = new LinkedHashSet<>();
    if (test.get("ran") instanceof Map<?, ?> ran && ran.get("nodes") instanceof Map<?, ?> nodes) {
      nodes.values().forEach(n -> {
        if (n instanceof Map<?, ?> node && node.get("version") != null) versions.add(String.valueOf(node.get("version")));
      });
    }
    if (!versions.isEmpty()) parts.add("server " + String.join(", ", versions));
    return String.join("; ", parts);
  }

  /** The faults test.json configures: the nemesis's, or slowed replication; "none" otherwise. */
  static List<String> faults(Map<String, Object> test) {
    List<String> out = new ArrayList<>();
    if (test.get("nemesis") instanceof Map<?, ?> nemesis && nemesis.get("faults") instanceof List<?> list) {
      list.forEach(f -> out.add(String.valueOf(f)));
      if (!list.isEmpty() && nemesis.get("interval-s") != null) out.set(out.size() - 1, out.get(out.size() - 1) + " every " + seconds(nemesis.get("interval-s")) + " s");
    }
    if (test.get("replication-latency-ms") instanceof Number ms && ms.longValue() > 0) out.add("replication links slowed by " + ms + " ms");
    if (out.isEmpty()) out.add("none");
    return out;
  }

  /** The fault windows of the history, as the report shades them. */
  static List<String> windows(Timeline timeline) {
    List<String> out = new ArrayList<>();
    for (NemesisInterval f : timeline.nemesisIntervals()) {
      out.add(f.name() + (timeline.realTime() ? String.format(" from %.2f s to %.2f s", f.start() / 1e9, f.end() / 1e9)
          : " from event " + f.start() + " to event " + f.end()));
    }
    return out;
  }

  private static String seconds(Object v) {
    if (v instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
    return String.valueOf(v == null ? "?" : v);
  }

  /** The head and style every page of the site shares; {@code root} leads back to the site's top. */
  static void head(StringBuilder out, String title) {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>")
        .append(HtmlReport.esc(title)).append("</title><style>\n")
        .append("body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 20px 40px;color:#1b1b1b}")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:28px}table{border-collapse:collapse;width:100%}")
        .append("th,td{text-align:left;padding:4px 10px 4px 0;border-bottom:1px solid #eee;vertical-align:top}th{color:#444}")
        .append(".badge{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:600;font-size:13px;margin:1px 4px 1px 0}")
        .append(".valid{background:#e3f4e4;color:#1b5e20}.INVALID{background:#fde4e4;color:#b71c1c}.unknown{background:#fff1d6;color:#8a5300}")
        .append(".sub{color:#555}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}tr.anomaly td{background:#fdf0ff}")
        .append("nav a{margin-right:12px}\n</style></head><body>\n");
  }

  static String badge(String name, String verdictWord) {
    return "<span class=\"badge " + verdictWord + "\">" + (name == null ? "" : HtmlReport.esc(name) + ": ") + verdictWord + "</span>";
  }

  /** The index page, the finding pages and the comparison pages are rendered from {@link Entry}s. */
  static final class IndexPage {
    private IndexPage() {}

    static String render(Map<String, List<Entry>> byTest, List<String> skipped) {
      StringBuilder out = new StringBuilder(16384);
      head(out, "faultline: published runs");
      int runs = byTest.values().stream().mapToInt(List::size).sum();
      out.append("<h1>faultline: published runs</h1>\n<p class=\"sub\">").append(byTest.size()).append(" scenarios, ").append(runs)
          .append(" runs. Each report opens with its verdicts; each finding gives the command that runs it again.</p>\n");
      out.append("<h2>Scenarios</h2>\n<table id=\"scenarios\"><tr><th>scenario</th><th>latest verdicts</th><th>runs</th>"
          + "<th>found anomalies</th><th>latest run</th></tr>\n");
      for (var test : byTest.entrySet()) {
        List<Entry> entries = test.getValue();
        Entry latest = entries.get(entries.size() - 1);
        long anomalous = entries.stream().filter(e -> e.verdict() == Verdict.INVALID).count();
        out.append("<tr class=\"scenario\"><td><a href=\"#").append(test.getKey()).append("\">").append(test.getKey()).append("</a></td><td>");
        RunComparison.verdicts(latest.results()).forEach((name, word) -> out.append(badge(name, word)));
        out.append("</td><td class=\"runs\">").append(entries.size()).append("</td><td class=\"anomalous\">").append(anomalous)
            .append("</td><td><a href=\"").append(reportFolder(latest.stored())).append("report.html\">")
            .append(readableTime(latest.stored().time())).append("</a></td></tr>\n");
      }
      if (byTest.isEmpty()) out.append("<tr><td colspan=\"5\">no runs were published</td></tr>\n");
      out.append("</table>\n");

      List<Entry> invalid = byTest.values().stream().flatMap(List::stream).filter(e -> e.verdict() == Verdict.INVALID).toList();
      out.append("<h2>Findings</h2>\n");
      if (invalid.isEmpty()) out.append("<p>No published run found an anomaly.</p>\n");
      else {
        out.append("<table id=\"findings\"><tr><th>scenario</th><th>run</th><th>what was found</th></tr>\n");
        for (Entry e : invalid) {
          out.append("<tr><td>").append(e.stored().test()).append("</td><td><a class=\"finding\" href=\"").append(findingPage(e.stored()))
              .append("\">").append(readableTime(e.stored().time())).append("</a></td><td>");
          e.findings().stream().filter(f -> f.verdict() == Verdict.INVALID).forEach(f -> out.append(badge(f.name(), f.verdictWord())));
          out.append("</td></tr>\n");
        }
        out.append("</table>\n");
      }

      for (var test : byTest.entrySet()) {
        out.append("<h2 id=\"").append(test.getKey()).append("\">").append(test.getKey()).append("</h2>\n");
        Object description = test.getValue().get(test.getValue().size() - 1).test().get("description");
        if (description != null) out.append("<p class=\"sub\">").append(HtmlReport.esc(description.toString())).append("</p>\n");
        out.append("<table class=\"runs\"><tr><th>run</th><th>verdict</th><th>ops</th><th>configuration</th><th></th></tr>\n");
        Entry before = null;
        for (Entry e : test.getValue()) {
          StoredRun run = e.stored();
          out.append("<tr><td><a href=\"").append(reportFolder(run)).append("report.html\">").append(readableTime(run.time()))
              .append("</a></td><td>").append(badge(null, Finding.word(e.verdict()))).append("</td><td>")
              .append(run.ops() < 0 ? "" : String.format("%,d", run.ops())).append("</td><td>")
              .append(HtmlReport.esc(configurationLine(e.test()))).append("</td><td>");
          if (e.verdict() == Verdict.INVALID) out.append("<a href=\"").append(findingPage(run)).append("\">finding</a> ");
          if (before != null && compare(before, e).differsInConfiguration()) {
            out.append("<a class=\"compare\" href=\"").append(comparePage(before, e)).append("\">configuration differs from the run before</a>");
          }
          out.append("</td></tr>\n");
          before = e;
        }
        out.append("</table>\n");
      }
      if (!skipped.isEmpty()) {
        out.append("<h2>Not published</h2>\n<ul id=\"skipped\">\n");
        for (String s : skipped) out.append("<li>").append(HtmlReport.esc(s)).append("</li>\n");
        out.append("</ul>\n");
      }
      out.append("</body></html>\n");
      return out.toString();
    }
  }

  /** An INVALID run's page: what was found, the witness, the faults, the configuration and the command. */
  static final class FindingPage {
    private FindingPage() {}

    static String render(StoredRun run, RunInputs inputs, List<Finding> findings, Timeline timeline) {
      StringBuilder out = new StringBuilder(16384);
      head(out, run.test() + " " + readableTime(run.time()) + ": INVALID");
      out.append("<nav><a href=\"../../index.html\">all scenarios</a><a href=\"../../").append(reportFolder(run))
          .append("report.html\">the full report (timeline, plots)</a></nav>\n");
      out.append("<h1>").append(run.test()).append(" <span class=\"badge INVALID\">INVALID</span></h1>\n<p class=\"sub\">Run of ")
          .append(readableTime(run.time()));
      Object description = inputs.test().get("description");
      if (description != null) out.append(". ").append(HtmlReport.esc(description.toString()));
      out.append(".</p>\n<h2>Configuration</h2>\n<p id=\"configuration-line\">").append(HtmlReport.esc(configurationLine(inputs.test()))).append("</p>\n");
      String command = ReproduceCommand.of(inputs.test());
      out.append("<p>Run it again, with the same settings and seed:</p>\n<pre id=\"reproduce\">")
          .append(command == null ? "(no test.json: not a run of faultline's)" : HtmlReport.esc(command)).append("</pre>\n");
      out.append("<h2>Faults in effect</h2>\n<ul id=\"faults\">\n<li>configured: ").append(HtmlReport.esc(String.join(", ", faults(inputs.test()))))
          .append("</li>\n");
      for (String w : windows(timeline)) out.append("<li>").append(HtmlReport.esc(w)).append("</li>\n");
      out.append("</ul>\n<h2>Verdicts</h2>\n<p>");
      for (Finding f : findings) out.append(badge(f.name(), f.verdictWord()));
      out.append("</p>\n");
      HtmlReport.anomalies(out, findings);
      out.append("</body></html>\n");
      return out.toString();
    }
  }

  /** Two runs of one scenario whose configurations differ. */
  static final class ComparePage {
    private ComparePage() {}

    static String render(RunComparison c, Entry a, Entry b) {
      StringBuilder out = new StringBuilder(8192);
      String test = a.stored().test();
      head(out, test + ": " + readableTime(a.stored().time()) + " against " + readableTime(b.stored().time()));
      out.append("<nav><a href=\"../../index.html#").append(test).append("\">all runs of ").append(test).append("</a></nav>\n");
      out.append("<h1>").append(test).append(": two configurations</h1>\n<table id=\"runs\">\n");
      for (var run : List.of(Map.entry("A", a), Map.entry("B", b))) {
        Entry e = run.getValue();
        out.append("<tr><th>").append(run.getKey()).append("</th><td><a href=\"../../").append(reportFolder(e.stored())).append("report.html\">")
            .append(readableTime(e.stored().time())).append("</a></td><td>").append(badge(null, Finding.word(e.verdict())))
            .append("</td><td>").append(HtmlReport.esc(configurationLine(e.test()))).append("</td></tr>\n");
      }
      out.append("</table>\n").append(c.html()).append("</body></html>\n");
      return out.toString();
    }
  }

  /** 20261126T065732.511 as 2026-11-26 06:57:32.511. */
  static String readableTime(String folder) {
    if (!folder.matches("\\d{8}T\\d{6}.*")) return folder;
    return folder.substring(0, 4) + "-" + folder.substring(4, 6) + "-" + folder.substring(6, 8) + " "
        + folder.substring(9, 11) + ":" + folder.substring(11, 13) + ":" + folder.substring(13);
  }
}
