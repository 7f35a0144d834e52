package faultline.results.report;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFiles;
import faultline.results.HeadlessChromium;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The plots as SVG: report.html shows them as SVG images (sharp when zoomed or printed) up to
 * Plots.SVG_MAX_POINTS ops, the latency plot as PNG past it; a fault's name from the history
 * reaches the SVG as text, escaped.
 */
class PlotsSvgTest {
  @TempDir Path store;

  private static final Pattern PLOT = Pattern.compile("<img class=\"plot\" id=\"(\\w+)-plot\"[^>]* data-format=\"(\\w+)\" src=\"data:image/([a-z+]+);base64,([^\"]+)\">");

  /** Each plot of the report: its name, its format, and its image. */
  private static Map<String, String[]> plots(String html) {
    Map<String, String[]> out = new java.util.LinkedHashMap<>();
    Matcher m = PLOT.matcher(html);
    while (m.find()) out.put(m.group(1), new String[] {m.group(2), m.group(3), new String(Base64.getDecoder().decode(m.group(4)), StandardCharsets.ISO_8859_1)});
    return out;
  }

  private static Element svg(String document) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
  }

  @Test
  void aReportsPlotsAreSvgThatScaleAndTheBrowserDrawsThem() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "svg", 2_000, 20, true, 7);
    Path html = Reports.renderRunFolder(run.directory()).html();
    Map<String, String[]> plots = plots(Files.readString(html));
    assertThat(plots).containsOnlyKeys("latency", "throughput");
    for (String[] plot : plots.values()) {
      assertThat(plot[0]).isEqualTo("svg");
      assertThat(plot[1]).isEqualTo("svg+xml");
      Element root = svg(plot[2]);
      assertThat(root.getLocalName()).isEqualTo("svg");
      assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
      assertThat(root.getAttribute("viewBox").split(" ")).extracting(Double::parseDouble).containsExactly(0.0, 0.0, (double) Plots.WIDTH, (double) Plots.HEIGHT);
    }
    assertThat(plots.get("latency")[2]).contains("p99", "partition");
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      chromium.open(html.toUri().toString());
      assertThat(chromium.consoleErrors()).isEmpty();
      for (String id : new String[] {"latency-plot", "throughput-plot"}) {
        assertThat(chromium.script("const i = document.getElementById(arguments[0]); return i.complete && i.naturalWidth", id))
            .as(id).isEqualTo((long) Plots.WIDTH);
      }
    }
  }

  @Test
  void pastTheLimitTheLatencyPlotIsPngAndThroughputStaysSvg() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "large", Plots.SVG_MAX_POINTS + 2_000, 200, false, 8);
    Map<String, String[]> plots = plots(Files.readString(Reports.renderRunFolder(run.directory()).html()));
    assertThat(plots.get("latency")[0]).isEqualTo("png");
    assertThat(plots.get("throughput")[0]).isEqualTo("svg");
  }

  @Test
  void aFaultsNameFromTheHistoryIsTextInTheSvg() throws Exception {
    Path history = Files.writeString(store.resolve("h.jsonl"), """
        {"index":0,"time":0,"process":"nemesis","type":"invoke","f":"start-<script>alert(1)</script>&","value":null}
        {"index":1,"time":1000000,"process":"nemesis","type":"info","f":"start-<script>alert(1)</script>&","value":null}
        {"index":2,"time":2000000,"process":0,"type":"invoke","f":"write","value":1}
        {"index":3,"time":3000000,"process":0,"type":"ok","f":"write","value":1}
        {"index":4,"time":4000000,"process":"nemesis","type":"invoke","f":"stop-<script>alert(1)</script>&","value":null}
        {"index":5,"time":5000000,"process":"nemesis","type":"info","f":"stop-<script>alert(1)</script>&","value":null}
        """);
    Timeline timeline = Timeline.of(HistoryFiles.read(history, null));
    assertThat(timeline.nemesisIntervals()).singleElement().satisfies(b -> assertThat(b.name()).isEqualTo("<script>alert(1)</script>&"));
    for (String document : new String[] {Plots.latencySvg(timeline), Plots.throughputSvg(timeline)}) {
      assertThat(document).doesNotContain("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;&amp;");
      assertThat(svg(document).getElementsByTagNameNS("*", "script").getLength()).isZero();
      assertThat(svg(document).getTextContent()).contains("<script>alert(1)</script>&");
    }
  }
}
