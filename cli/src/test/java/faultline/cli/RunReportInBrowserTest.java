package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.results.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real run, opened in headless Chromium from file://: pg-append-repeatable-read
 * against a real PostgreSQL finds write skew, and its report draws the cycle as a graph beside
 * its explanation, each transaction a link to its op in the timeline.
 */
class RunReportInBrowserTest {
  @TempDir Path store;

  @Test
  void theWriteSkewOfARealRunIsDrawnAndItsTransactionsOpenTheirOps() throws Exception {
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x")); // PostgreSQL enters the run folder
    int exit = Faultline.execute("run", "--scenario", "pg-append-repeatable-read", "--time-limit=10", "--store", store.toString());
    assertThat(exit).isEqualTo(ExitCode.ANOMALY);
    Path report = store.resolve("latest").toRealPath().resolve("report.html");
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(report.toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      assertThat(chromium.script("return document.getElementById('verdict').textContent")).isEqualTo("INVALID");
      @SuppressWarnings("unchecked")
      Map<String, Object> graph = (Map<String, Object>) chromium.script("""
          const svgs = [...document.querySelectorAll('svg.cycle-graph')];
          const first = svgs[0];
          const box = first.getBoundingClientRect();
          return {graphs: svgs.length, nodes: first.querySelectorAll('g.txn').length,
                  rw: first.querySelectorAll('path.dep.rw').length, drawn: box.width > 100 && box.height > 100,
                  figure: first.closest('figure').textContent,
                  explained: first.closest('figure').querySelector('pre.explanation').textContent,
                  goto: first.querySelector('g.txn[data-goto]').dataset.goto};
          """);
      assertThat((Long) graph.get("graphs")).isPositive();
      assertThat((Long) graph.get("nodes")).isGreaterThanOrEqualTo(2);
      assertThat((Long) graph.get("rw")).as("write skew's cycle has two rw edges").isGreaterThanOrEqualTo(2);
      assertThat(graph.get("drawn")).isEqualTo(true);
      assertThat(graph.get("figure").toString()).contains("G2-item");
      assertThat(graph.get("explained").toString()).contains("because").contains("a contradiction!");
      // Its first transaction opens its op in the timeline.
      Object detail = chromium.script("""
          document.querySelector('svg.cycle-graph g.txn[data-goto]').dispatchEvent(new MouseEvent('click', {bubbles: true}));
          return document.getElementById('op-detail').textContent;
          """);
      assertThat(detail.toString()).contains("txn");
      Path shot = chromium.screenshot(report.resolveSibling("report-screenshot.png"));
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
  }
}
