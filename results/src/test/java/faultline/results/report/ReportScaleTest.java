package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.results.HeadlessChromium;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long report.html takes to render and to open in headless Chromium, and how large it is, at
 * 100,000 and 1,000,000 ops: measured and printed, never asserted as timings (the machine is not
 * quiet). What is asserted is that the page opens without a console error and draws its timeline.
 */
class ReportScaleTest {
  @TempDir Path store;

  @ParameterizedTest
  @ValueSource(ints = {100_000, 1_000_000})
  void aLargeRunsReportOpensInChromium(int ops) throws Exception {
    long made = System.nanoTime();
    RunFolder run = RunFixtures.registerRun(store, "scale-" + ops, ops, ops / 100, true, 46);
    long checked = System.nanoTime();
    Reports.Rendered rendered = Reports.renderRunFolder(run.directory());
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      long start = System.nanoTime();
      chromium.open(rendered.html().toUri().toString()); // returns at the load event: the timeline's script has run
      long loaded = System.nanoTime();
      assertThat(chromium.consoleErrors()).isEmpty();
      @SuppressWarnings("unchecked")
      Map<String, Object> page = (Map<String, Object>) chromium.script("""
          const nav = performance.getEntriesByType('navigation')[0];
          return {bars: document.querySelectorAll('#timeline .op').length, load: nav.loadEventEnd - nav.startTime};
          """);
      assertThat((Long) page.get("bars")).isPositive();
      System.out.printf("report of %,d ops: history and check %.1f s; rendered in %,d ms; report.html %,d bytes; "
          + "opened in Chromium in %,d ms (navigation to load event %.0f ms)%n", ops, (checked - made) / 1e9, rendered.millis(),
          Files.size(rendered.html()), (loaded - start) / 1_000_000, ((Number) page.get("load")).doubleValue());
    }
  }
}
