package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.HistoryCheck;
import faultline.checker.Result;
import faultline.checker.consistency.ConsistencyModels;
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

  /** The three reports a newcomer meets first, as screenshots of the whole page in target/browser-tests (their paths printed). */
  @Test
  void theRegisterExamplesReportShowsItsWitnessOnceAndItsModelsAsALattice() throws Exception {
    Path file = Path.of("..", "examples", "register-stale-read.jsonl");
    Path dir = STORE.resolve("example-register-stale-read");
    Reports.renderCheckedFile(file, null, HistoryCheck.of(file).check().toJson(), dir);
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(dir.resolve("report.html").toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      assertThat(chromium.script("return document.querySelectorAll('table.witness').length")).isEqualTo(1L);
      assertThat(chromium.script("return document.querySelector('svg.model-lattice g.model.ruled-out').dataset.model")).isEqualTo("linearizable");
      assertThat(chromium.script("return document.querySelector('svg.model-lattice g.model.strongest').dataset.model")).isEqualTo("sequential");
      assertThat(chromium.script("return document.querySelector('svg.model-lattice').getBoundingClientRect().height > 100")).isEqualTo(true);
      // The anomaly's op is selected in the timeline, as before.
      assertThat(chromium.script("return document.querySelector('#timeline .op.anomaly').dataset.invoke")).isEqualTo("8");
      System.out.println("screenshot (register anomaly): " + chromium.screenshotWholePage(dir.resolve("screenshot.png")));
    }
  }

  @Test
  void theListAppendExamplesReportDrawsEachCycleOnceAndTheTransactionalLattice() throws Exception {
    Path file = Path.of("..", "examples", "list-append-write-skew.jsonl");
    Path dir = STORE.resolve("example-list-append-write-skew");
    Result r = HistoryCheck.of(file).check(); // as faultline check --report renders it
    Reports.renderCheckedFile(file, null, r.toJson(), dir);
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(dir.resolve("report.html").toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> page = (Map<String, Object>) chromium.script("""
          const text = document.body.innerText;
          return {cycles: document.querySelectorAll('svg.cycle-graph').length,
                  contradictions: text.split('a contradiction!').length - 1,
                  models: document.querySelectorAll('svg.model-lattice g.model').length,
                  title: document.querySelector('h3').textContent,
                  goTo: !document.getElementById('goto-anomaly').disabled,
                  marked: document.querySelectorAll('#timeline .op.witness').length,
                  ruledOut: [...document.querySelectorAll('svg.model-lattice g.model.ruled-out')].map(g => g.dataset.model),
                  strongest: [...document.querySelectorAll('svg.model-lattice g.model.strongest')].map(g => g.dataset.model)};
          """);
      assertThat((Long) page.get("cycles")).isPositive();
      assertThat(page.get("contradictions")).isEqualTo(page.get("cycles"));
      assertThat(page.get("models")).isEqualTo((long) ConsistencyModels.names(ConsistencyModels.Family.TRANSACTIONAL).size());
      assertThat(page.get("title")).isEqualTo("list-append: INVALID"); // named by its checker, not "linearizable"
      // The cycle's two transactions are marked in the timeline, and "go to the anomaly" leads to the first.
      assertThat(page.get("goTo")).isEqualTo(true);
      assertThat(page.get("marked")).isEqualTo(2L);
      assertThat((List<Object>) page.get("ruledOut")).containsExactlyInAnyOrderElementsOf(r.ruledOut());
      assertThat((List<Object>) page.get("strongest")).contains("strong-session-snapshot-isolation", "strong-read-committed");
      Path lattice = Files.write(dir.resolve("lattice-screenshot.png"), chromium.driver().findElement(org.openqa.selenium.By.cssSelector("svg.model-lattice"))
          .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
      System.out.println("screenshot (its consistency models): " + lattice);
      System.out.println("screenshot (list-append cycle): " + chromium.screenshotWholePage(dir.resolve("screenshot.png")));
    }
  }

  @Test
  void aRunWithFaultsOpensOnItsFirstFaultAndListsEachFault() throws Exception {
    RunFolder run = RunFixtures.registerRun(STORE, "faults", 3_000, 20, false, 46, true);
    Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(run.directory().resolve("report.html").toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> page = (Map<String, Object>) chromium.script("""
          const box = document.getElementById('timeline').getBoundingClientRect();
          const band = document.querySelector('#timeline .band');
          const r = band.getBoundingClientRect();
          return {windows: document.querySelectorAll('#faults tr.fault').length,
                  failed: document.querySelectorAll('#nemesis-ops tr.failed-fault').length,
                  failedText: document.querySelector('#nemesis-ops tr.failed-fault').textContent,
                  selected: document.querySelector('#timeline .op.selected').className,
                  detail: document.getElementById('op-detail').textContent,
                  band: band.textContent,
                  bandVisible: r.right > box.left && r.left < box.right,
                  spans: [...document.querySelectorAll('.plot-box .page-span')].map(s => [s.offsetLeft, s.offsetWidth]),
                  latencyWidth: document.getElementById('latency-plot').naturalWidth,
                  throughputWidth: document.getElementById('throughput-plot').naturalWidth};
          """);
      assertThat(page.get("windows")).isEqualTo(3L);
      assertThat(page.get("failed")).isEqualTo(1L);
      assertThat(page.get("failedText").toString()).contains("start-clock", "faketime is not installed on n1");
      // No anomaly: the timeline opens on the first fault's start op, its window shaded on the page.
      assertThat(page.get("selected").toString()).contains("nemesis");
      assertThat(page.get("detail").toString()).contains("start-partition");
      assertThat(page.get("band")).isEqualTo("partition");
      assertThat(page.get("bandVisible")).isEqualTo(true);
      assertThat(page.get("latencyWidth")).isEqualTo(page.get("throughputWidth"));
      // The timeline's page is boxed on both plots, at the same place: they share one time axis.
      List<?> spans = (List<?>) page.get("spans");
      assertThat(spans).hasSize(2);
      assertThat(spans.get(0)).isEqualTo(spans.get(1));
      assertThat(((Number) ((List<?>) spans.get(0)).get(1)).longValue()).isGreaterThan(2);
      System.out.println("screenshot (run with faults): " + chromium.screenshotWholePage(run.directory().resolve("screenshot.png")));
      // Clicking the throughput plot near its end shows the last page.
      Object label = chromium.script("""
          const img = document.getElementById('throughput-plot');
          const r = img.getBoundingClientRect();
          img.dispatchEvent(new MouseEvent('click', {bubbles: true, clientX: r.left + Number(img.dataset.x1) * r.width - 1, clientY: r.top + r.height / 2}));
          return document.getElementById('page-label').textContent;
          """);
      assertThat(label.toString()).startsWith("page 7 of 7");
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
