package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.results.HeadlessChromium;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * report.html in a real headless Chromium, from file:// (no server, no network): it loads without
 * console errors, shows the verdict, and its timeline opens on the anomaly with the witness ops
 * highlighted. The run folders stay in target/browser-tests so their screenshots can be looked at.
 */
class ReportInBrowserTest {
  static final Path STORE = Path.of("target", "browser-tests", "store").toAbsolutePath();

  @BeforeAll
  static void freshStore() throws Exception {
    if (Files.exists(STORE)) {
      try (var files = Files.walk(STORE)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(STORE);
  }

  @Test
  void theReportOfAStaleReadOpensOnTheAnomalyWithTheWitnessHighlighted() throws Exception {
    RunFolder run = RunFixtures.registerRun(STORE, "stale-read", 3_000, 20, true, 42);
    Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(run.directory().resolve("report.html").toUri().toString());

      assertThat(chromium.consoleErrors()).isEmpty();
      assertThat(chromium.script("return document.getElementById('verdict').textContent")).isEqualTo("INVALID");
      assertThat(chromium.script("return document.querySelector('pre.explanation').textContent").toString())
          .contains("process 1001's read 1", "can't read 1 from register 2");
      // The timeline's page is the anomaly's: the stale read is drawn, marked, and scrolled into view.
      @SuppressWarnings("unchecked")
      Map<String, Object> anomaly = (Map<String, Object>) chromium.script("""
          const bar = document.querySelector('#timeline .op.anomaly');
          const box = document.getElementById('timeline').getBoundingClientRect();
          const r = bar.getBoundingClientRect();
          return {invoke: bar.dataset.invoke, outline: getComputedStyle(bar).outlineStyle,
                  visible: r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom,
                  witness: document.querySelectorAll('#timeline .op.witness').length,
                  detail: document.getElementById('op-detail').textContent};
          """);
      assertThat(anomaly.get("outline")).isEqualTo("solid");
      assertThat(anomaly.get("visible")).isEqualTo(true);
      assertThat((Long) anomaly.get("witness")).isGreaterThanOrEqualTo(2); // the two writes before it
      assertThat(anomaly.get("detail").toString()).contains("process 1001", "the op no order explains");
      assertThat(chromium.script("return document.querySelectorAll('#timeline .band').length")).isNotEqualTo(0L);
      assertThat(chromium.script("return document.getElementById('latency-plot').naturalWidth")).isEqualTo((long) Plots.WIDTH);

      Path shot = chromium.screenshot(run.directory().resolve("report-screenshot.png"));
      System.out.println("screenshot: " + shot);
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
  }

  @Test
  void aTransactionalCycleIsDrawnAndItsTransactionsOpenTheirOpsInTheTimeline() throws Exception {
    RunFolder run = RunFixtures.writeSkewRun(STORE, "x");
    Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(run.directory().resolve("report.html").toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> graph = (Map<String, Object>) chromium.script("""
          const svg = document.querySelector('svg.cycle-graph');
          const box = svg.getBoundingClientRect();
          return {nodes: svg.querySelectorAll('g.txn').length, arrows: svg.querySelectorAll('path.dep.rw').length,
                  drawn: box.width > 100 && box.height > 100,
                  explained: svg.closest('figure').querySelector('pre.explanation').textContent};
          """);
      assertThat(graph.get("nodes")).isEqualTo(2L);
      assertThat(graph.get("arrows")).isEqualTo(2L);
      assertThat(graph.get("drawn")).isEqualTo(true);
      assertThat(graph.get("explained").toString()).contains("a contradiction");
      // A transaction of the cycle is a link to its op in the timeline.
      Object detail = chromium.script("""
          document.querySelector('svg.cycle-graph g.txn[data-goto="1"]').dispatchEvent(new MouseEvent('click', {bubbles: true}));
          return document.getElementById('op-detail').textContent;
          """);
      assertThat(detail.toString()).contains("txn");
      Path shot = chromium.screenshot(run.directory().resolve("cycle-screenshot.png"));
      System.out.println("screenshot: " + shot);
    }
  }

  @Test
  void aHundredThousandOpTimelineStaysResponsive() throws Exception {
    RunFolder run = RunFixtures.registerRun(STORE, "large", 100_000, 1_000, true, 45);
    Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      long start = System.nanoTime();
      chromium.open(run.directory().resolve("report.html").toUri().toString());
      long loadMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(chromium.consoleErrors()).isEmpty();
      assertThat(chromium.script("return window.faultlineTimeline.opCount")).isEqualTo(100_005L); // with the stale read's 3 ops and 2 nemesis ops
      assertThat(chromium.script("return document.querySelectorAll('#timeline .op.anomaly').length")).isEqualTo(1L);
      // Paging: each page is drawn in a few milliseconds, whatever the history's length.
      @SuppressWarnings("unchecked")
      List<Object> pageMillis = (List<Object>) chromium.script("""
          const times = [];
          for (const id of ['page-first', 'page-next', 'page-next', 'page-last', 'goto-anomaly']) {
            const t = performance.now();
            document.getElementById(id).click();
            times.push(performance.now() - t);
          }
          return times;
          """);
      double slowest = pageMillis.stream().mapToDouble(o -> ((Number) o).doubleValue()).max().orElseThrow();
      System.out.printf("100,000-op report: loaded in %d ms; slowest page change %.1f ms%n", loadMillis, slowest);
      assertThat(slowest).isLessThan(1_000);
      assertThat(chromium.script("return document.querySelectorAll('#timeline .op').length")).isEqualTo(500L);
      chromium.screenshot(run.directory().resolve("report-screenshot.png"));
    }
  }

  @Test
  void aValueOpeningAnHtmlCommentAndAScriptLeavesTheTimelineWhole() throws Exception {
    RunFolder run = RunFixtures.hostileValuesRun(STORE, ReportsTest.COMMENT_SCRIPT, ReportsTest.MARKUP);
    Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(run.directory().resolve("report.html").toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      // The page's script ran on the embedded data: its timeline holds the six events' three ops.
      assertThat(chromium.script("return window.faultlineTimeline && window.faultlineTimeline.opCount")).isEqualTo(3L);
      assertThat(chromium.script("return JSON.parse(document.getElementById('faultline-data').textContent).ops.v"))
          .asString().contains(ReportsTest.COMMENT_SCRIPT, "a|<b>bold</b>&amp");
      assertThat(chromium.script("return document.querySelectorAll('#timeline .op').length")).isEqualTo(3L);
      assertThat(chromium.script("return [...document.querySelectorAll('b')].filter(b => b.textContent === 'bold').length")).as("markup from a value").isEqualTo(0L);
    }
  }
}
